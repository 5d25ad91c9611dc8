"""Sightings of watched AI tools outside the catalog, counted per day, host and device.

A sighting is one connection to a watched host: the usage log keeps the UTC day, the host, the
tool's name, a count and, only when the policy enables per-person detail, the pseudonymous
device. Never a path, never content. Counts add up atomically (``ON CONFLICT DO UPDATE``), so
the proxy, the outbox and several devices sharing a PostgreSQL log can all write at once.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine

from proxy.storage.engine import write_transaction
from proxy.storage.models import HOST_LEN, ID_LEN, TOOL_NAME_LEN, AiHostSighting, table_of
from proxy.storage.statements import upsert_sighting


@dataclass(frozen=True, slots=True, order=True)
class SightingKey:
    """What one count is about: a day, a host, the tool's name, a device (or ``""``)."""

    day: date
    host: str
    tool_name: str = ""
    device_id: str = ""

    @classmethod
    def at(
        cls, moment: datetime, host: str, tool_name: str = "", device_id: str = ""
    ) -> "SightingKey":
        """The key of a connection made at ``moment`` (its UTC day), cut to the column sizes."""
        return cls(
            moment.astimezone(UTC).date(),
            host[:HOST_LEN],
            (tool_name or host)[:TOOL_NAME_LEN],
            device_id[:ID_LEN],
        )


def write_sightings(engine: Engine, counts: Mapping[SightingKey, int]) -> None:
    """Add ``counts`` to the usage log in one transaction."""
    statement = upsert_sighting(table_of(AiHostSighting), engine.dialect.name)
    with write_transaction(engine) as connection:
        for key, count in sorted(counts.items()):  # one by one: batch upserts differ per backend
            connection.execute(
                statement,
                {
                    "day": key.day,
                    "host": key.host,
                    "tool_name": key.tool_name,
                    "device_id": key.device_id,
                    "sightings": count,
                },
            )
