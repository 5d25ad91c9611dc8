"""A local store-and-forward outbox for usage records the database could not take yet.

When the usage log is unreachable (a PostgreSQL server down, a SQLite file locked past the busy
timeout), records wait here, in a small SQLite file under ``GARDE_IA_HOME``, and are sent again
later; event ids make the resend idempotent. It holds UsageRecords, which carry no content by
construction, sightings of watched AI tools (day, host, tool name, device) and protection changes (times and fixed codes).
"""

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from proxy.config.paths import home_dir
from proxy.storage.protection import ProtectionChange, change_from_json, change_to_json
from proxy.storage.sightings import SightingKey
from proxy.usage.events import UsageRecord, utc_now

OUTBOX_FILE = "outbox.sqlite3"
# A record the database rejected this many times stays in the outbox but is no longer retried.
MAX_ATTEMPTS = 5

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pending_records (
    event_id TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS pending_sightings (
    host TEXT PRIMARY KEY,
    count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS pending_day_sightings (
    day TEXT NOT NULL,
    host TEXT NOT NULL,
    device_id TEXT NOT NULL,
    tool_name TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, host, device_id)
);
CREATE TABLE IF NOT EXISTS pending_protection (
    event_id TEXT PRIMARY KEY,
    payload TEXT NOT NULL
);
"""


def record_to_json(record: UsageRecord) -> str:
    """Serialise a record (no content: a UsageRecord has none)."""
    data = asdict(record)
    data["occurred_at"] = record.occurred_at.isoformat()
    return json.dumps(data, sort_keys=True)


def record_from_json(payload: str) -> UsageRecord:
    """Rebuild a record serialised by :func:`record_to_json`."""
    data: dict[str, Any] = json.loads(payload)
    data["occurred_at"] = datetime.fromisoformat(data["occurred_at"])
    data["rule_ids"] = tuple(data["rule_ids"])
    data["categories"] = tuple(data["categories"])
    return UsageRecord(**data)


class Outbox:
    """Pending records and sightings, safe for several processes at once."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or home_dir() / OUTBOX_FILE
        with closing(self._open()) as connection:
            connection.executescript(_SCHEMA)

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        return connection

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``): several processes share the outbox."""
        with closing(self._open()) as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def put(self, records: Iterable[UsageRecord]) -> None:
        """Keep records for a later attempt (a record already waiting is kept once)."""
        rows = [(r.event_id, record_to_json(r)) for r in records]
        with self._connect() as connection:
            connection.executemany(
                "INSERT OR IGNORE INTO pending_records (event_id, payload) VALUES (?, ?)", rows
            )

    def put_sightings(self, counts: Mapping[SightingKey, int]) -> None:
        """Keep sightings for a later attempt, adding to those already waiting."""
        rows = [(k.day.isoformat(), k.host, k.device_id, k.tool_name, n) for k, n in counts.items()]
        with self._connect() as connection:
            connection.executemany(
                "INSERT INTO pending_day_sightings (day, host, device_id, tool_name, count) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (day, host, device_id) "
                "DO UPDATE SET count = count + excluded.count, tool_name = excluded.tool_name",
                rows,
            )

    def peek(self, limit: int) -> list[UsageRecord]:
        """The oldest records still worth retrying."""
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT payload FROM pending_records WHERE attempts < ? ORDER BY rowid LIMIT ?",
                (MAX_ATTEMPTS, limit),
            ).fetchall()
        return [record_from_json(payload) for (payload,) in rows]

    def remove(self, event_ids: Iterable[str]) -> None:
        """Forget records now stored in the database."""
        with self._connect() as connection:
            connection.executemany(
                "DELETE FROM pending_records WHERE event_id = ?", [(e,) for e in event_ids]
            )

    def mark_rejected(self, event_id: str) -> None:
        """Count one refusal of a record by the database (kept, retried up to MAX_ATTEMPTS)."""
        with self._connect() as connection:
            connection.execute(
                "UPDATE pending_records SET attempts = attempts + 1 WHERE event_id = ?", (event_id,)
            )

    def take_sightings(self) -> dict[SightingKey, int]:
        """Pending sightings; the caller puts them back if it cannot store them.

        Totals left by an older garde-ia (per host, no day) count for today.
        """
        today = utc_now().date()
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT day, host, tool_name, device_id, count FROM pending_day_sightings"
            ).fetchall()
            legacy = connection.execute("SELECT host, count FROM pending_sightings").fetchall()
            connection.execute("DELETE FROM pending_day_sightings")
            connection.execute("DELETE FROM pending_sightings")
        counts: dict[SightingKey, int] = {}
        for day, host, tool_name, device_id, count in rows:
            counts[SightingKey(date.fromisoformat(day), host, tool_name, device_id)] = int(count)
        for host, count in legacy:
            key = SightingKey(today, host, host)
            counts[key] = counts.get(key, 0) + int(count)
        return counts

    def put_protection(self, changes: Iterable[ProtectionChange]) -> None:
        """Keep protection changes for a later attempt (a change already waiting is kept once)."""
        rows = [(c.event_id, change_to_json(c)) for c in changes]
        with self._connect() as connection:
            connection.executemany(
                "INSERT OR IGNORE INTO pending_protection (event_id, payload) VALUES (?, ?)", rows
            )

    def peek_protection(self, limit: int) -> list[ProtectionChange]:
        """The oldest protection changes waiting."""
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT payload FROM pending_protection ORDER BY rowid LIMIT ?", (limit,)
            ).fetchall()
        return [change_from_json(payload) for (payload,) in rows]

    def remove_protection(self, event_ids: Iterable[str]) -> None:
        """Forget protection changes now stored in the database."""
        with self._connect() as connection:
            connection.executemany(
                "DELETE FROM pending_protection WHERE event_id = ?", [(e,) for e in event_ids]
            )

    def pending(self) -> int:
        """How many records wait (rejected ones included)."""
        with self._connect() as connection:
            (count,) = connection.execute("SELECT count(*) FROM pending_records").fetchone()
        return int(count)
