from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from proxy.storage.engine import make_engine, read_transaction
from proxy.storage.models import Base
from proxy.storage.schema import current_revision, head_revision, migrate


def test_migrations_build_exactly_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    migrate(engine)
    assert current_revision(engine) == head_revision() is not None
    with read_transaction(engine) as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    engine.dispose()


def test_migrate_twice_is_a_no_op(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    migrate(engine)
    assert set(inspect(engine).get_table_names()) >= {
        "usage_events",
        "incidents",
        "alembic_version",
    }
    engine.dispose()


def test_migrations_need_no_alembic_ini_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    migrate(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with read_transaction(engine) as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        busy_timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert busy_timeout is not None and busy_timeout >= 5000
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    engine.dispose()


def test_postgres_urls_use_psycopg_3() -> None:
    engine = make_engine("postgresql://user@127.0.0.1:1/db")
    assert engine.dialect.driver == "psycopg"


def test_default_database_is_a_file_in_garde_ia_home(
    garde_ia_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from proxy.storage.engine import resolve_url

    monkeypatch.delenv("GARDE_IA_DB", raising=False)
    assert resolve_url() == f"sqlite:///{garde_ia_home / 'garde-ia.sqlite3'}"
    monkeypatch.setenv("GARDE_IA_DB", "postgresql://h/db")
    assert resolve_url() == "postgresql://h/db"
    assert resolve_url("sqlite:///other.db") == "sqlite:///other.db"
