"""Alembic migrations of the usage log, shipped with the package and run from code (no alembic.ini)."""
