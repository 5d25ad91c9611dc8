"""The usage log's tables (SQLAlchemy 2.0 typed models); Alembic migrations create them.

Only facts about requests are stored: tool, host, action, charter rule ids, categories and entity
types with counts, sizes, model, a pseudonymous device id. Never text, values or mappings.
"""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Column sizes; longer values are cut before writing so a long host name never rejects an event.
ID_LEN = 64
HOST_LEN = 255
MODEL_LEN = 128
TOOL_NAME_LEN = 128


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store UTC; naive on SQLite so string comparisons stay chronological."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: garde-ia stores timezone-aware UTC datetimes only")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        """Give back an aware UTC datetime."""
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with stable constraint names (Alembic migrations refer to them)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime, str: String(ID_LEN)}


def table_of(model: type[Base]) -> Table:
    """The table of a model, typed as a Table (what INSERT … ON CONFLICT needs)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


class UsageEvent(Base):
    """One request to a catalogued AI tool and what garde-ia did with it."""

    __tablename__ = "usage_events"
    __table_args__ = (
        # Covering indexes for the report on a large log (1 million events in a few seconds):
        # per week, tool and action without a sort or a table lookup; devices for the charter status.
        Index(
            "ix_usage_events_report",
            "week_start",
            "tool_id",
            "action",
            "occurred_at",
            "energy_kwh",
            "gwp_kgco2eq",
            "request_bytes",
            "response_bytes",
        ),
        Index("ix_usage_events_device", "device_id", "occurred_at", "action"),
    )

    event_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    week_start: Mapped[date]  # Monday of the ISO week, for per-week counts on every backend
    tool_id: Mapped[str]
    host: Mapped[str] = mapped_column(String(HOST_LEN))
    endpoint_kind: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    request_bytes: Mapped[int]
    response_bytes: Mapped[int | None]
    output_chars: Mapped[int | None]
    duration_ms: Mapped[int | None]
    provider: Mapped[str | None] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(MODEL_LEN))
    device_id: Mapped[str]
    energy_kwh: Mapped[float | None]  # ecologits estimate; NULL when the model is unknown
    gwp_kgco2eq: Mapped[float | None]


class UsageEventTag(Base):
    """A charter rule, sensitive category or entity type (with its count) attached to an event.

    Time, tool and action are copied from the event so the report aggregates without a join.
    """

    __tablename__ = "usage_event_tags"
    __table_args__ = (
        Index("ix_usage_event_tags_occurred_at", "occurred_at"),
        Index("ix_usage_event_tags_report", "kind", "name", "action", "occurred_at", "count"),
    )

    event_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("usage_events.event_id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # rule | category | entity
    name: Mapped[str] = mapped_column(primary_key=True)
    count: Mapped[int]
    occurred_at: Mapped[datetime]
    tool_id: Mapped[str]
    action: Mapped[str] = mapped_column(String(16))


class AiHostSighting(Base):
    """Connections to a watched AI tool outside the catalog, counted per day (never a path).

    ``device_id`` is the pseudonymous device only when the policy enables per-person detail, else
    empty: the report can then say how many devices used a tool without anyone being singled out.
    """

    __tablename__ = "ai_host_sightings"

    day: Mapped[date] = mapped_column(primary_key=True)  # UTC day of the connections
    host: Mapped[str] = mapped_column(String(HOST_LEN), primary_key=True)
    device_id: Mapped[str] = mapped_column(primary_key=True)
    tool_name: Mapped[str] = mapped_column(String(TOOL_NAME_LEN))
    sightings: Mapped[int]


class CharterAcknowledgement(Base):
    """Who (pseudonymous device or user id) acknowledged which charter version, and when."""

    __tablename__ = "charter_acknowledgements"
    __table_args__ = (UniqueConstraint("subject_id", "charter_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[str]
    charter_version: Mapped[str]
    acknowledged_at: Mapped[datetime]


class Incident(Base):
    """An entry of the breach register (GDPR Art. 33(5)): facts, effects, remedial action."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    discovered_at: Mapped[datetime]
    reported_at: Mapped[datetime]
    reporter_id: Mapped[str]
    tool_id: Mapped[str | None]
    facts: Mapped[str] = mapped_column(Text)
    data_categories: Mapped[list[str]] = mapped_column(JSON)
    approx_people: Mapped[int | None]
    approx_records: Mapped[int | None]
    minors_involved: Mapped[bool | None]
    consequences: Mapped[str] = mapped_column(Text)
    measures_taken: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), index=True)  # open | closed
    closed_at: Mapped[datetime | None]
    referent_notes: Mapped[str] = mapped_column(Text)


class ProtectionEvent(Base):
    """A change of the protection on one device (pause, resume, start, stop): when and a code, never words."""

    __tablename__ = "protection_events"
    __table_args__ = (Index("ix_protection_events_device", "device_id", "occurred_at"),)

    event_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    device_id: Mapped[str]
    change: Mapped[str] = mapped_column(String(8))  # pause | resume | start | stop
    reason: Mapped[str | None] = mapped_column(String(32))  # a fixed code such as "menu", or NULL
