"""The usage log repository: what the proxy and the tray write and read.

:meth:`UsageLog.record` never raises into the proxy's request path: when the database cannot take
an event, the event goes to the local :class:`~proxy.storage.outbox.Outbox` and is written later
(:meth:`UsageLog.drain_outbox`); event ids make every write idempotent, so no event is lost or
stored twice. Log messages carry error types and counts only, never SQL parameters.
"""

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from proxy.storage.activity import RecentActivity, RecentEvent, recent_activity, recent_events
from proxy.storage.engine import read_transaction, write_transaction
from proxy.storage.models import HOST_LEN, UsageEvent, UsageEventTag, table_of
from proxy.storage.outbox import Outbox
from proxy.storage.protection import ProtectionChange, write_protection_changes
from proxy.storage.rows import event_row, tag_rows
from proxy.storage.schema import open_database
from proxy.storage.sightings import SightingKey, write_sightings
from proxy.storage.statements import insert_ignoring_duplicates
from proxy.usage.events import UsageRecord, utc_now

logger = logging.getLogger(__name__)

# Errors meaning "the database is not reachable right now" (retry later) rather than "bad data".
UNAVAILABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeoutError, OSError)


def normalise_host(host: str) -> str:
    """A host name as stored: lower case, no port, no trailing dot."""
    name = host.strip().lower()
    if name.startswith("[") or name.count(":") > 1:  # IPv6 literal
        name = name.split("]")[0].lstrip("[")
    else:
        name = name.split(":")[0]
    return name.rstrip(".")[:HOST_LEN]


class UsageLog:
    """Writes usage records, AI-host sightings, protection changes and reads recent activity."""

    def __init__(self, engine: Engine, outbox: Outbox | None = None) -> None:
        self.engine = engine
        self._outbox = outbox

    @classmethod
    def open(cls, url: str | None = None, outbox: Outbox | None = None) -> "UsageLog":
        """Connect to the log (``--db`` / ``GARDE_IA_DB`` / default file) and bring its schema up to date.

        Raises :class:`~proxy.storage.schema.DatabaseUnavailableError` with a French message.
        """
        return cls(open_database(url), outbox)

    @property
    def outbox(self) -> Outbox:
        """The local outbox (created on first use)."""
        if self._outbox is None:
            self._outbox = Outbox()
        return self._outbox

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def record(self, record: UsageRecord) -> None:
        """Store one record; on failure keep it in the outbox. Never raises."""
        self.record_many([record])

    def record_many(self, records: Sequence[UsageRecord]) -> bool:
        """Store records in one transaction; True if stored, False if they went to the outbox."""
        if not records:
            return True
        return self._write_or_park(
            lambda: self._write(records),
            lambda: self.outbox.put(records),
            f"{len(records)} évènement(s)",
        )

    def _write_or_park(
        self, write: Callable[[], None], park: Callable[[], None], what: str
    ) -> bool:
        """Write now, else keep it in the local outbox; True if written. Never raises.

        The guard and the tray go on while the database is away; only when the outbox fails too is
        something lost, and the log says so loudly.
        """
        try:
            write()
            return True
        except Exception as error:
            logger.warning(
                "Journal d'usage indisponible (%s) : %s mis en attente localement",
                type(error).__name__,
                what,
            )
        self._park(park, what)
        return False

    @staticmethod
    def _park(park: Callable[[], None], what: str) -> None:
        try:
            park()
        except Exception as error:  # the last resort failed too: say so loudly, never raise
            logger.error(
                "Perdu : %s (ni la base ni la file d'attente locale ne répondent, %s)",
                what,
                type(error).__name__,
            )

    def _write(self, records: Sequence[UsageRecord]) -> None:
        dialect = self.engine.dialect.name
        events = [event_row(record) for record in records]
        tags = [tag for record in records for tag in tag_rows(record)]
        with write_transaction(self.engine) as connection:
            connection.execute(insert_ignoring_duplicates(table_of(UsageEvent), dialect), events)
            if tags:
                connection.execute(
                    insert_ignoring_duplicates(table_of(UsageEventTag), dialect), tags
                )

    def outbox_put(self, records: Sequence[UsageRecord]) -> None:
        """Keep records in the local outbox without trying the database. Never raises."""
        self._park(lambda: self.outbox.put(records), f"{len(records)} évènement(s)")

    def record_sighting(self, host: str, tool_name: str = "", device_id: str = "") -> None:
        """Note one connection to a watched AI tool outside the catalog (host only). Never raises."""
        self.record_sightings(
            {SightingKey.at(utc_now(), normalise_host(host), tool_name, device_id): 1}
        )

    def record_sightings(self, counts: Mapping[SightingKey, int]) -> bool:
        """Add sightings per day, host and device; True if stored, False if they went to the outbox."""
        if not counts:
            return True
        return self._write_or_park(
            lambda: write_sightings(self.engine, counts),
            lambda: self.outbox.put_sightings(counts),
            "passages vers des outils d'IA non catalogués",
        )

    def record_protection(self, change: ProtectionChange) -> bool:
        """Store a pause, resume, start or stop; True if stored, False if it went to the outbox.

        Never raises: the tray's menu must work while the database is away.
        """
        return self._write_or_park(
            lambda: write_protection_changes(self.engine, [change]),
            lambda: self.outbox.put_protection([change]),
            "changement de protection",
        )

    def drain_outbox(self, batch_size: int = 500) -> int:
        """Write waiting records to the database; returns how many were stored."""
        stored = 0
        while records := self.outbox.peek(batch_size):
            try:
                self._write(records)
            except UNAVAILABLE:
                break
            except Exception:
                stored += self._write_one_by_one(records)
                continue
            self.outbox.remove(record.event_id for record in records)
            stored += len(records)
        self._drain_sightings()
        self._drain_protection(batch_size)
        if stored:
            logger.info("%d évènement(s) en attente écrits dans le journal d'usage", stored)
        return stored

    def _write_one_by_one(self, records: Sequence[UsageRecord]) -> int:
        stored = 0
        for record in records:
            try:
                self._write([record])
            except Exception as error:
                logger.error(
                    "Évènement refusé par la base (%s), conservé en attente", type(error).__name__
                )
                self.outbox.mark_rejected(record.event_id)
                continue
            self.outbox.remove([record.event_id])
            stored += 1
        return stored

    def _drain_sightings(self) -> None:
        counts = self.outbox.take_sightings()
        if counts and not self.record_sightings(counts):
            logger.info("Hôtes IA non catalogués toujours en attente")

    def _drain_protection(self, batch_size: int) -> None:
        while changes := self.outbox.peek_protection(batch_size):
            try:
                write_protection_changes(self.engine, changes)
            except Exception as error:  # changes are validated when made: the database is away
                logger.info(
                    "Changements de protection toujours en attente (%s)", type(error).__name__
                )
                return
            self.outbox.remove_protection(change.event_id for change in changes)

    def recent_activity(
        self, since: timedelta = timedelta(days=7), device_id: str | None = None
    ) -> RecentActivity:
        """Counts per tool and action over the last ``since`` (the tray's summary)."""
        return recent_activity(self.engine, utc_now() - since, device_id)

    def recent_events(
        self, limit: int = 20, device_id: str | None = None
    ) -> tuple[RecentEvent, ...]:
        """The latest requests with their action, rule ids and categories (never content)."""
        return recent_events(self.engine, limit, device_id)


def count_events(engine: Engine) -> int:
    """How many usage events are stored (tests and diagnostics)."""
    with read_transaction(engine) as connection:
        return int(connection.execute(select(func.count()).select_from(UsageEvent)).scalar_one())
