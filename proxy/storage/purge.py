"""Retention: delete what the organisation's policy says is kept no longer.

Usage events, protection changes (pauses) and AI-host sightings go after ``retention.usage_events_months`` (6 by default, the
CNIL's recommended range for logs is 6 to 12 months); closed incidents after
``retention.incidents_years`` (5 by default) counted from their closing; open incidents stay.
"""

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, func, select

from proxy.config.policy import RetentionPolicy
from proxy.storage.engine import write_transaction
from proxy.storage.models import (
    AiHostSighting,
    Incident,
    ProtectionEvent,
    UsageEvent,
    UsageEventTag,
)
from proxy.usage.events import utc_now


@dataclass(frozen=True, slots=True)
class PurgeResult:
    """What a purge removed (or would remove, for a dry run) and the cut-off dates."""

    events: int
    sightings: int
    incidents: int
    events_before: datetime
    incidents_before: datetime
    protection_changes: int = 0


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` earlier (the month's last day when it is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def purge_expired(
    engine: Engine, retention: RetentionPolicy, now: datetime | None = None, dry_run: bool = False
) -> PurgeResult:
    """Delete expired events, sightings and closed incidents in one transaction."""
    moment = now or utc_now()
    events_before = months_before(moment, retention.usage_events_months)
    incidents_before = months_before(moment, 12 * retention.incidents_years)
    old_events = UsageEvent.occurred_at < events_before
    old_sightings = AiHostSighting.day < events_before.astimezone(UTC).date()
    old_incidents = (Incident.status == "closed") & (Incident.closed_at < incidents_before)
    old_changes = ProtectionEvent.occurred_at < events_before
    with write_transaction(engine) as connection:
        counts = [
            int(
                connection.execute(
                    select(func.count()).select_from(model).where(where)
                ).scalar_one()
            )
            for model, where in (
                (UsageEvent, old_events),
                (AiHostSighting, old_sightings),
                (Incident, old_incidents),
                (ProtectionEvent, old_changes),
            )
        ]
        if not dry_run:
            connection.execute(
                delete(UsageEventTag).where(UsageEventTag.occurred_at < events_before)
            )
            connection.execute(delete(UsageEvent).where(old_events))
            connection.execute(delete(AiHostSighting).where(old_sightings))
            connection.execute(delete(Incident).where(old_incidents))
            connection.execute(delete(ProtectionEvent).where(old_changes))
    events, sightings, incidents, changes = counts
    return PurgeResult(events, sightings, incidents, events_before, incidents_before, changes)
