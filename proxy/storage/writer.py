"""The proxy's background writer: the request path only queues, one thread writes in batches.

``submit`` never blocks and never raises: when the bounded queue is full (the database is very slow)
the record goes straight to the local outbox, so nothing is lost. The thread writes batches in one
transaction each, retries the outbox when the database answers again, and purges expired rows
once a day when given the retention policy.
"""

import logging
import queue
import threading
import time
from collections import Counter
from dataclasses import dataclass

from proxy.config.policy import RetentionPolicy
from proxy.storage.purge import purge_expired
from proxy.storage.schema import refresh_statistics
from proxy.storage.sightings import SightingKey
from proxy.storage.usage_log import UsageLog, normalise_host
from proxy.usage.events import UsageRecord, utc_now

logger = logging.getLogger(__name__)

PURGE_INTERVAL_S = 24 * 3600
FULL_WARNING_INTERVAL_S = 60.0


@dataclass(frozen=True, slots=True)
class _Sighting:
    key: SightingKey


_STOP = object()


class BackgroundWriter:
    """A bounded queue and one writer thread in front of a :class:`UsageLog`."""

    def __init__(
        self,
        log: UsageLog,
        *,
        max_queue: int = 10_000,
        batch_size: int = 500,
        retry_interval_s: float = 30.0,
        retention: RetentionPolicy | None = None,
    ) -> None:
        self.log = log
        self._queue: queue.Queue[object] = queue.Queue(maxsize=max_queue)
        self._batch_size = batch_size
        self._retry_interval_s = retry_interval_s
        self._retention = retention
        self._thread = threading.Thread(target=self._run, name="garde-ia-usage-log", daemon=True)
        self._closed = False
        self._last_purge = float("-inf")
        self._outbox_may_hold = True
        self._last_full_warning = float("-inf")

    def start(self) -> "BackgroundWriter":
        """Start the writer thread."""
        self._thread.start()
        return self

    def submit(self, record: UsageRecord) -> None:
        """Queue a record for writing (never blocks, never raises)."""
        if self._closed or not self._offer(record):
            self.log.outbox_put([record])

    def submit_sighting(self, host: str, tool_name: str = "", device_id: str = "") -> None:
        """Queue one connection to a watched AI tool outside the catalog (host, name, device only).

        ``device_id`` is given only when the policy enables per-person detail.
        """
        key = SightingKey.at(utc_now(), normalise_host(host), tool_name, device_id)
        if self._closed or not self._offer(_Sighting(key)):
            self.log.record_sightings({key: 1})

    def _offer(self, item: object) -> bool:
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            if time.monotonic() - self._last_full_warning > FULL_WARNING_INTERVAL_S:
                self._last_full_warning = time.monotonic()
                logger.warning(
                    "File d'écriture du journal pleine : évènements mis en attente localement"
                )
            return False
        return True

    def close(self, timeout_s: float = 30.0) -> None:
        """Write what is queued, then stop the thread."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(_STOP)
        self._thread.join(timeout_s)
        if self._thread.is_alive():  # the database hangs: keep what is still queued (ids dedupe)
            left = [
                item
                for item in self._more(self._queue.qsize() + 1)
                if isinstance(item, UsageRecord)
            ]
            logger.warning(
                "Journal d'usage lent à l'arrêt : %d évènement(s) mis en attente localement",
                len(left),
            )
            self.log.outbox_put(left)

    def _run(self) -> None:
        self._periodic()
        while True:
            try:
                first = self._queue.get(timeout=self._retry_interval_s)
            except queue.Empty:
                self._periodic()
                continue
            batch = [first, *self._more(self._batch_size - 1)]
            stored = self._write([item for item in batch if item is not _STOP])
            if any(item is _STOP for item in batch):
                self._write(self._more(self._queue.qsize() + 1))
                return
            if not stored:
                self._outbox_may_hold = True
            elif self._outbox_may_hold:
                self._periodic()

    def _more(self, limit: int) -> list[object]:
        items: list[object] = []
        while len(items) < limit:
            try:
                items.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return items

    def _write(self, items: list[object]) -> bool:
        records = [item for item in items if isinstance(item, UsageRecord)]
        sightings = Counter(item.key for item in items if isinstance(item, _Sighting))
        stored = self.log.record_many(records)
        return self.log.record_sightings(sightings) and stored

    def _periodic(self) -> None:
        try:
            self.log.drain_outbox()
            self._outbox_may_hold = False
            if (
                self._retention is not None
                and time.monotonic() - self._last_purge > PURGE_INTERVAL_S
            ):
                self._last_purge = time.monotonic()
                result = purge_expired(self.log.engine, self._retention)
                refresh_statistics(self.log.engine)
                logger.info("Purge automatique : %d évènement(s) supprimé(s)", result.events)
        except Exception as error:  # the database is away: try again later
            self._outbox_may_hold = True
            logger.warning("Tâche périodique du journal reportée (%s)", type(error).__name__)
