"""Sightings of watched AI tools per day, tool and (with per-person detail) device; sizes in the report index.

The old table held one running total per host; each total moves to the day it was last seen,
with the watched tool's name, so no count is lost. Never a path, never content. The report's
covering index also carries the request and response sizes, so sizes per tool cost no table read.

Revision ID: 0003
Revises: 0002
"""

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_OLD = sa.table(
    "ai_host_sightings",
    sa.column("host", sa.String(255)),
    sa.column("first_seen", sa.DateTime(timezone=True)),
    sa.column("last_seen", sa.DateTime(timezone=True)),
    sa.column("sightings", sa.Integer()),
)
_NEW = sa.table(
    "ai_host_sightings",
    sa.column("day", sa.Date()),
    sa.column("host", sa.String(255)),
    sa.column("device_id", sa.String(64)),
    sa.column("tool_name", sa.String(128)),
    sa.column("sightings", sa.Integer()),
)


def _utc_day(moment: Any) -> date:
    value = moment if isinstance(moment, datetime) else datetime.fromisoformat(str(moment))
    return (value if value.tzinfo is None else value.astimezone(UTC)).date()


def _utc_midnight(day: Any) -> datetime:
    value = day if isinstance(day, date) else date.fromisoformat(str(day))
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


_REPORT_INDEX = ["week_start", "tool_id", "action", "occurred_at", "energy_kwh", "gwp_kgco2eq"]


def upgrade() -> None:
    """Apply this revision."""
    op.drop_index("ix_usage_events_report", table_name="usage_events")
    op.create_index(
        "ix_usage_events_report",
        "usage_events",
        [*_REPORT_INDEX, "request_bytes", "response_bytes"],
    )
    from proxy.config.watchlist import load_watchlist  # the names shipped when the migration runs

    watchlist = load_watchlist()
    old = op.get_bind().execute(sa.select(_OLD)).all()
    op.drop_index("ix_ai_host_sightings_last_seen", table_name="ai_host_sightings")
    op.drop_table("ai_host_sightings")
    op.create_table(
        "ai_host_sightings",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("tool_name", sa.String(length=128), nullable=False),
        sa.Column("sightings", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "host", "device_id", name=op.f("pk_ai_host_sightings")),
    )
    rows = []
    for row in old:
        tool = watchlist.tool_for_host(row.host)
        name = tool.name if tool else row.host
        rows.append(
            {
                "day": _utc_day(row.last_seen),
                "host": row.host,
                "device_id": "",
                "tool_name": name[:128],
                "sightings": row.sightings,
            }
        )
    if rows:
        op.bulk_insert(_NEW, rows)


def downgrade() -> None:
    """Undo this revision: one running total per host again (days become first and last seen)."""
    op.drop_index("ix_usage_events_report", table_name="usage_events")
    op.create_index("ix_usage_events_report", "usage_events", _REPORT_INDEX)
    totals = (
        op.get_bind()
        .execute(
            sa.select(
                _NEW.c.host,
                sa.func.min(_NEW.c.day).label("first"),
                sa.func.max(_NEW.c.day).label("last"),
                sa.func.sum(_NEW.c.sightings).label("total"),
            ).group_by(_NEW.c.host)
        )
        .all()
    )
    op.drop_table("ai_host_sightings")
    op.create_table(
        "ai_host_sightings",
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sightings", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("host", name=op.f("pk_ai_host_sightings")),
    )
    op.create_index("ix_ai_host_sightings_last_seen", "ai_host_sightings", ["last_seen"])
    if totals:
        op.bulk_insert(
            _OLD,
            [
                {
                    "host": t.host,
                    "first_seen": _utc_midnight(t.first),
                    "last_seen": _utc_midnight(t.last),
                    "sightings": int(t.total),
                }
                for t in totals
            ],
        )
