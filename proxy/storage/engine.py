"""Where the usage log lives and how to connect to it without losing a write.

SQLite (the default, one file per device) runs in WAL mode with a long busy timeout,
``synchronous=FULL`` and ``BEGIN IMMEDIATE`` for writes, so the proxy and the tray can write at the
same time without "database is locked" errors or lost updates (tests/storage has the concurrent
writers that showed it). PostgreSQL (an organisation gathering many
laptops) goes through psycopg 3 with pessimistic disconnect handling.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from proxy.config.paths import home_dir

DB_ENV = "GARDE_IA_DB"
DEFAULT_DB_FILE = "garde-ia.sqlite3"
SQLITE_BUSY_TIMEOUT_MS = 30_000
POSTGRES_CONNECT_TIMEOUT_S = 5
# Execution option that makes a SQLite transaction a plain (deferred) read transaction.
READ_ONLY_OPTION = "garde_ia_read_only"


def resolve_url(explicit: str | None = None) -> str:
    """The database URL: ``--db``, else ``GARDE_IA_DB``, else the SQLite file in garde-ia's home."""
    url = explicit or os.environ.get(DB_ENV)
    if url:
        return url
    return f"sqlite:///{home_dir() / DEFAULT_DB_FILE}"


def _driver_url(url: str) -> str:
    """Pin PostgreSQL URLs to psycopg 3 (SQLAlchemy's default PostgreSQL driver is psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    """An engine configured for loss-free concurrent writes on SQLite or PostgreSQL."""
    driver_url = _driver_url(url)
    if make_url(driver_url).get_backend_name() == "sqlite":
        return _sqlite_engine(driver_url)
    return create_engine(
        driver_url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S},
    )


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (pysqlite's legacy mode would defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A write transaction (``BEGIN IMMEDIATE`` on SQLite), committed on success."""
    with engine.begin() as connection:
        yield connection


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A short read transaction that takes no write lock on SQLite."""
    with engine.connect() as connection:
        reading = connection.execution_options(**{READ_ONLY_OPTION: True})
        with reading.begin():
            yield reading
