"""Protection events: when each device paused, resumed, started or stopped the guard (no content).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "protection_events",
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("change", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_protection_events")),
    )
    op.create_index("ix_protection_events_occurred_at", "protection_events", ["occurred_at"])
    op.create_index(
        "ix_protection_events_device", "protection_events", ["device_id", "occurred_at"]
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_index("ix_protection_events_device", table_name="protection_events")
    op.drop_index("ix_protection_events_occurred_at", table_name="protection_events")
    op.drop_table("protection_events")
