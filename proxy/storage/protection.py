"""Protection changes: when a device paused, resumed, started or stopped the guard.

The tray writes them through :meth:`~proxy.storage.usage_log.UsageLog.record_protection`; the
referent's report reads them back to count pauses and paused time. A change holds a time, a
pseudonymous device id, what changed and at most a fixed reason code: never words typed by anyone.
"""

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal, get_args

from sqlalchemy import Engine, and_, func, select

from proxy.storage.engine import read_transaction, write_transaction
from proxy.storage.models import ID_LEN, ProtectionEvent, table_of
from proxy.storage.statements import insert_ignoring_duplicates
from proxy.usage.events import new_event_id, utc_now

Change = Literal["pause", "resume", "start", "stop"]
CHANGES: tuple[str, ...] = get_args(Change)
# A reason is a short code chosen by garde-ia ("menu", "quit"…), so free text can never get in.
REASON_CODE = re.compile(r"[a-z][a-z0-9_-]{0,31}")


@dataclass(frozen=True, slots=True)
class ProtectionChange:
    """One change of the protection on one device."""

    change: Change
    device_id: str
    reason: str | None = None
    occurred_at: datetime = field(default_factory=utc_now)
    event_id: str = field(default_factory=new_event_id)

    def __post_init__(self) -> None:
        """Refuse what the table must never hold: unknown changes, free-text reasons, naive times."""
        if self.change not in CHANGES:
            raise ValueError(f"unknown protection change: {self.change!r}")
        if self.reason is not None and not REASON_CODE.fullmatch(self.reason):
            raise ValueError("a protection change's reason must be a short lowercase code")
        if self.occurred_at.tzinfo is None:
            raise ValueError("naive datetime: protection changes are timezone-aware UTC")


def change_to_json(change: ProtectionChange) -> str:
    """Serialise a change for the local outbox."""
    data = asdict(change)
    data["occurred_at"] = change.occurred_at.isoformat()
    return json.dumps(data, sort_keys=True)


def change_from_json(payload: str) -> ProtectionChange:
    """Rebuild a change serialised by :func:`change_to_json` (validated again)."""
    data: dict[str, Any] = json.loads(payload)
    data["occurred_at"] = datetime.fromisoformat(data["occurred_at"])
    return ProtectionChange(**data)


def write_protection_changes(engine: Engine, changes: Sequence[ProtectionChange]) -> None:
    """Store changes in one transaction; a change written twice (outbox retry) is stored once."""
    if not changes:
        return
    rows = [
        {
            "event_id": c.event_id[:32],
            "occurred_at": c.occurred_at,
            "device_id": c.device_id[:ID_LEN],
            "change": c.change,
            "reason": c.reason,
        }
        for c in changes
    ]
    statement = insert_ignoring_duplicates(table_of(ProtectionEvent), engine.dialect.name)
    with write_transaction(engine) as connection:
        connection.execute(statement, rows)


def _change_of(row: Any) -> ProtectionChange:
    return ProtectionChange(row.change, row.device_id, row.reason, row.occurred_at, row.event_id)


def protection_changes(
    engine: Engine, since: datetime, until: datetime, device_id: str | None = None
) -> tuple[ProtectionChange, ...]:
    """Changes in ``[since, until)``, oldest first, for one device or all of them."""
    query = select(ProtectionEvent).where(
        ProtectionEvent.occurred_at >= since, ProtectionEvent.occurred_at < until
    )
    if device_id is not None:
        query = query.where(ProtectionEvent.device_id == device_id)
    query = query.order_by(ProtectionEvent.occurred_at, ProtectionEvent.event_id)
    with read_transaction(engine) as connection:
        return tuple(_change_of(row) for row in connection.execute(query).all())


def last_changes_before(engine: Engine, moment: datetime) -> dict[str, ProtectionChange]:
    """Each device's latest change before ``moment``: its protection state when a period starts."""
    latest = (
        select(ProtectionEvent.device_id, func.max(ProtectionEvent.occurred_at).label("at"))
        .where(ProtectionEvent.occurred_at < moment)
        .group_by(ProtectionEvent.device_id)
        .subquery()
    )
    query = (
        select(ProtectionEvent)
        .join(
            latest,
            and_(
                ProtectionEvent.device_id == latest.c.device_id,
                ProtectionEvent.occurred_at == latest.c.at,
            ),
        )
        .order_by(ProtectionEvent.device_id, ProtectionEvent.event_id)
    )
    with read_transaction(engine) as connection:
        return {row.device_id: _change_of(row) for row in connection.execute(query).all()}
