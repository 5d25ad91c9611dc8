"""Create or upgrade the usage log's schema with the Alembic migrations shipped in the package.

Runs from code with a Config built here, so ``garde-ia`` needs no ``alembic.ini`` in the current
directory. Every process that opens the log calls :func:`migrate`; it is a no-op when up to date.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

import proxy.storage.migrations
from proxy.storage.engine import make_engine, read_transaction, resolve_url, write_transaction


def alembic_config() -> Config:
    """An Alembic configuration pointing at ``proxy/storage/migrations``."""
    config = Config()
    config.set_main_option("script_location", str(Path(proxy.storage.migrations.__file__).parent))
    return config


def head_revision() -> str | None:
    """The newest revision shipped with this version of garde-ia."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with read_transaction(engine) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` (the newest by default)."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    config = alembic_config()
    with write_transaction(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


class DatabaseUnavailableError(RuntimeError):
    """The usage log cannot be opened; the message says so in French (never with a password)."""


def open_database(url: str | None = None) -> Engine:
    """Connect to the usage log for a command (``--db`` / ``GARDE_IA_DB`` / default) and migrate it."""
    resolved = resolve_url(url)  # a home folder that cannot be used says so itself (HomeError)
    try:
        engine = make_engine(resolved)
        migrate(engine)
    except Exception as error:
        shown = (
            make_url(resolved).render_as_string(hide_password=True)
            if "://" in resolved
            else resolved
        )
        raise DatabaseUnavailableError(
            f"Impossible d'ouvrir le journal d'usage {shown} ({type(error).__name__}). "
            "Vérifiez l'adresse donnée à --db ou GARDE_IA_DB, et que la base est joignable."
        ) from error
    return engine


def refresh_statistics(engine: Engine) -> None:
    """Let SQLite's planner pick the report's covering indexes (approximate, fast ``ANALYZE``).

    PostgreSQL's autovacuum keeps its own statistics; SQLite has none until asked.
    """
    if engine.dialect.name != "sqlite":
        return
    with write_transaction(engine) as connection:
        connection.exec_driver_sql("PRAGMA analysis_limit = 1000")
        connection.exec_driver_sql("ANALYZE")
