"""Dialect-aware idempotent statements (SQLite and PostgreSQL both speak ``ON CONFLICT``)."""

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def _insert(table: Table, dialect: str) -> postgresql.Insert | sqlite.Insert:
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise ValueError(f"unsupported database backend: {dialect}")


def insert_ignoring_duplicates(table: Table, dialect: str) -> Insert:
    """``INSERT … ON CONFLICT DO NOTHING``: writing the same event twice stores it once."""
    return _insert(table, dialect).on_conflict_do_nothing()


def upsert_sighting(table: Table, dialect: str) -> Insert:
    """Insert a day's sightings of a host or add to them atomically (no read-modify-write)."""
    statement = _insert(table, dialect)
    return statement.on_conflict_do_update(
        index_elements=[table.c.day, table.c.host, table.c.device_id],
        set_={
            "sightings": table.c.sightings + statement.excluded.sightings,
            "tool_name": statement.excluded.tool_name,  # the latest watch list's name
        },
    )
