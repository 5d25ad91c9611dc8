"""Initial schema: usage events and their tags, AI-host sightings, acknowledgements, incidents.

Revision ID: 0001
Revises: (none)
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "ai_host_sightings",
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sightings", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("host", name=op.f("pk_ai_host_sightings")),
    )
    op.create_index("ix_ai_host_sightings_last_seen", "ai_host_sightings", ["last_seen"])

    op.create_table(
        "charter_acknowledgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("charter_version", sa.String(length=64), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charter_acknowledgements")),
        sa.UniqueConstraint(
            "subject_id", "charter_version", name=op.f("uq_charter_acknowledgements_subject_id")
        ),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("discovered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reporter_id", sa.String(length=64), nullable=False),
        sa.Column("tool_id", sa.String(length=64), nullable=True),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("data_categories", sa.JSON(), nullable=False),
        sa.Column("approx_people", sa.Integer(), nullable=True),
        sa.Column("approx_records", sa.Integer(), nullable=True),
        sa.Column("minors_involved", sa.Boolean(), nullable=True),
        sa.Column("consequences", sa.Text(), nullable=False),
        sa.Column("measures_taken", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("referent_notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    op.create_index("ix_incidents_status", "incidents", ["status"])

    op.create_table(
        "usage_events",
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("tool_id", sa.String(length=64), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("endpoint_kind", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("request_bytes", sa.Integer(), nullable=False),
        sa.Column("response_bytes", sa.Integer(), nullable=True),
        sa.Column("output_chars", sa.Integer(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("provider", sa.String(length=32), nullable=True),
        sa.Column("model", sa.String(length=128), nullable=True),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("energy_kwh", sa.Double(), nullable=True),
        sa.Column("gwp_kgco2eq", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_usage_events")),
    )
    op.create_index("ix_usage_events_occurred_at", "usage_events", ["occurred_at"])
    op.create_index(
        "ix_usage_events_report",
        "usage_events",
        ["week_start", "tool_id", "action", "occurred_at", "energy_kwh", "gwp_kgco2eq"],
    )
    op.create_index(
        "ix_usage_events_device", "usage_events", ["device_id", "occurred_at", "action"]
    )

    op.create_table(
        "usage_event_tags",
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tool_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["usage_events.event_id"],
            name=op.f("fk_usage_event_tags_event_id_usage_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "kind", "name", name=op.f("pk_usage_event_tags")),
    )
    op.create_index("ix_usage_event_tags_occurred_at", "usage_event_tags", ["occurred_at"])
    op.create_index(
        "ix_usage_event_tags_report",
        "usage_event_tags",
        ["kind", "name", "action", "occurred_at", "count"],
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_index("ix_usage_event_tags_report", table_name="usage_event_tags")
    op.drop_index("ix_usage_event_tags_occurred_at", table_name="usage_event_tags")
    op.drop_table("usage_event_tags")
    op.drop_index("ix_usage_events_device", table_name="usage_events")
    op.drop_index("ix_usage_events_report", table_name="usage_events")
    op.drop_index("ix_usage_events_occurred_at", table_name="usage_events")
    op.drop_table("usage_events")
    op.drop_index("ix_incidents_status", table_name="incidents")
    op.drop_table("incidents")
    op.drop_table("charter_acknowledgements")
    op.drop_index("ix_ai_host_sightings_last_seen", table_name="ai_host_sightings")
    op.drop_table("ai_host_sightings")
