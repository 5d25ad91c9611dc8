"""Alembic environment: runs on the connection :func:`proxy.storage.schema.migrate` hands over.

The caller's connection is already inside a write transaction (``BEGIN IMMEDIATE`` on SQLite), and
PostgreSQL takes an advisory lock, so two processes starting at once migrate one after the other.
"""

from alembic import context
from sqlalchemy import Connection

from proxy.storage.models import Base

# Any constant: the key of the PostgreSQL advisory lock that serialises migrations.
MIGRATION_LOCK_KEY = 4_242_001


def run_migrations(connection: Connection) -> None:
    """Bring the schema to the requested revision on ``connection``."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
        context.run_migrations()


run_migrations(context.config.attributes["connection"])
