"""Alembic revisions of the usage log, oldest first."""
