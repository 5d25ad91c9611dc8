"""Aggregate the usage log for the report, server-side: a few GROUP BY queries, never row by row.

Per-person detail (pseudonymous device ids) is queried only when the policy enables it.
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select

from anonymizer.entities import describe
from proxy.config.policy import OrganisationPolicy
from proxy.config.watchlist import load_watchlist
from proxy.report.model import (
    KIND_LABELS,
    AcknowledgementWeek,
    ActionWeek,
    PauseLine,
    PauseSummary,
    PersonLine,
    TagLine,
    ToolLine,
    UsageReport,
    WeekLine,
)
from proxy.report.names import NameOf, catalog_names
from proxy.report.pauses import pauses_by_device
from proxy.report.sightings import sighting_weeks
from proxy.storage.acknowledgements import acknowledgement_status, acknowledgements
from proxy.storage.engine import read_transaction
from proxy.storage.incidents import list_incidents
from proxy.storage.models import UsageEvent, UsageEventTag
from proxy.storage.protection import last_changes_before, protection_changes
from proxy.storage.rows import week_start
from proxy.usage.events import utc_now

_ACTION_FIELD = {"allow": "allowed", "pseudonymize": "pseudonymized", "block": "blocked"}


def build_report(
    engine: Engine, policy: OrganisationPolicy, since: datetime, now: datetime | None = None
) -> UsageReport:
    """The report for ``[since, now)`` under the organisation's policy."""
    until = now or utc_now()
    name_of, is_catalogued = catalog_names()
    watchlist = load_watchlist(policy.watch.hosts)
    with read_transaction(engine) as connection:
        event_rows = connection.execute(_events_query(since, until)).all()
        tag_rows = connection.execute(_tags_query(since, until)).all()
        sightings = sighting_weeks(
            connection, since, until, watchlist, is_catalogued, policy.report.per_person
        )
        people = _people(connection, since, until) if policy.report.per_person else None
    tools, weeks = _tools_and_weeks(event_rows, policy, name_of)
    acknowledged_at = tuple(
        a.acknowledged_at for a in acknowledgements(engine, policy.charter.version)
    )
    return UsageReport(
        generated_at=until,
        since=since,
        organisation=policy.charter.organisation,
        charter_title=policy.charter.title,
        charter_version=policy.charter.version,
        tools=tools,
        weeks=weeks,
        tags=tuple(_tag_line(row, policy) for row in tag_rows),
        sightings=sightings,
        acknowledgements=acknowledgement_status(engine, policy.charter.version, since),
        open_incidents=list_incidents(engine, "open"),
        people=people,
        pauses=_pauses(engine, since, until, per_person=policy.report.per_person),
        action_weeks=_action_weeks(event_rows),
        acknowledgement_weeks=_acknowledgement_weeks(acknowledged_at, since, until),
    )


def _action_weeks(rows: Sequence[Any]) -> tuple[ActionWeek, ...]:
    """Requests per week and action, every week of the span (a week without requests shows 0)."""
    counts: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for week, _tool_id, action, count, *_ in rows:
        counts[_as_date(week)][_ACTION_FIELD.get(action, "allowed")] += count
    if not counts:
        return ()
    first, last = min(counts), max(counts)
    weeks = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    return tuple(
        ActionWeek(w, counts[w]["allowed"], counts[w]["pseudonymized"], counts[w]["blocked"])
        for w in weeks
    )


def _acknowledgement_weeks(
    acknowledged_at: Sequence[datetime], since: datetime, until: datetime
) -> tuple[AcknowledgementWeek, ...]:
    """Devices that had acknowledged the current version at the end of each week of the period."""
    first, last = week_start(since), week_start(until)
    weeks = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    moments = sorted(acknowledged_at)
    return tuple(
        AcknowledgementWeek(w, sum(1 for m in moments if week_start(m) <= w)) for w in weeks
    )


def _pauses(engine: Engine, since: datetime, until: datetime, per_person: bool) -> PauseSummary:
    """Pauses and paused time for all devices; per device only when the policy enables it."""
    devices = pauses_by_device(
        last_changes_before(engine, since), protection_changes(engine, since, until), since, until
    )
    lines = tuple(PauseLine(d.device_id or "(inconnu)", d.pauses, d.paused) for d in devices)
    return PauseSummary(
        pauses=sum(line.pauses for line in lines),
        paused=sum((line.paused for line in lines), timedelta()),
        devices=len(lines),
        by_device=lines if per_person else None,
    )


def _events_query(since: datetime, until: datetime) -> Any:
    return (
        select(
            UsageEvent.week_start,
            UsageEvent.tool_id,
            UsageEvent.action,
            func.count(),
            func.count(UsageEvent.energy_kwh),
            func.coalesce(func.sum(UsageEvent.energy_kwh), 0.0),
            func.coalesce(func.sum(UsageEvent.gwp_kgco2eq), 0.0),
            func.coalesce(func.sum(UsageEvent.request_bytes), 0),
            func.coalesce(func.sum(UsageEvent.response_bytes), 0),
        )
        .where(
            UsageEvent.week_start >= week_start(since),  # lets the covering index range-scan
            UsageEvent.occurred_at >= since,
            UsageEvent.occurred_at < until,
        )
        .group_by(UsageEvent.week_start, UsageEvent.tool_id, UsageEvent.action)
    )


def _tags_query(since: datetime, until: datetime) -> Any:
    return (
        select(
            UsageEventTag.kind,
            UsageEventTag.name,
            UsageEventTag.action,
            func.count(),
            func.sum(UsageEventTag.count),
        )
        .where(UsageEventTag.occurred_at >= since, UsageEventTag.occurred_at < until)
        .group_by(UsageEventTag.kind, UsageEventTag.name, UsageEventTag.action)
        .order_by(func.count().desc(), UsageEventTag.kind, UsageEventTag.name)
    )


def _tools_and_weeks(
    rows: Sequence[Any], policy: OrganisationPolicy, name_of: NameOf
) -> tuple[tuple[ToolLine, ...], tuple[WeekLine, ...]]:
    per_tool: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    per_week: dict[tuple[Any, str], int] = defaultdict(int)
    for week, tool_id, action, count, estimated, energy, gwp, sent, received in rows:
        totals = per_tool[tool_id]
        totals["sent_bytes"] += 0 if action == "block" else sent
        totals["received_bytes"] += received
        totals[_ACTION_FIELD.get(action, "allowed")] += count
        totals["estimated"] += estimated
        totals["energy_kwh"] += energy
        totals["gwp_kgco2eq"] += gwp
        per_week[(week, tool_id)] += count
    tools = [
        ToolLine(
            tool_id=tool_id,
            name=name_of(tool_id),
            status=policy.tools.status_of(tool_id),
            allowed=int(t["allowed"]),
            pseudonymized=int(t["pseudonymized"]),
            blocked=int(t["blocked"]),
            estimated=int(t["estimated"]),
            energy_kwh=float(t["energy_kwh"]),
            gwp_kgco2eq=float(t["gwp_kgco2eq"]),
            sent_bytes=int(t["sent_bytes"]),
            received_bytes=int(t["received_bytes"]),
        )
        for tool_id, t in per_tool.items()
    ]
    tools.sort(key=lambda tool: (-tool.total, tool.name))
    weeks = sorted(
        (WeekLine(_as_date(week), tool_id, count) for (week, tool_id), count in per_week.items()),
        key=lambda line: (line.week_start, line.tool_id),
    )
    return tuple(tools), tuple(weeks)


def _as_date(value: Any) -> date:
    """Both backends give dates back as dates through SQLAlchemy; strings just in case."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _tag_line(row: Any, policy: OrganisationPolicy) -> TagLine:
    kind, name, action, requests, items = row
    detection = policy.detection_policy
    label, words = name, ""
    if kind == "rule" and name in detection.rules:
        label, words = detection.rules[name].title, detection.rules[name].text
    elif kind == "category" and name in detection.categories:
        label = detection.categories[name].label
    elif kind == "entity":
        label = describe(name)  # "nom de personne", never PERSONNE
    return TagLine(
        kind,
        name,
        label or KIND_LABELS.get(kind, kind),
        action,
        int(requests),
        int(items or 0),
        words,
    )


def _people(connection: Any, since: datetime, until: datetime) -> tuple[PersonLine, ...]:
    rows = connection.execute(
        select(UsageEvent.device_id, UsageEvent.action, func.count())
        .where(UsageEvent.occurred_at >= since, UsageEvent.occurred_at < until)
        .group_by(UsageEvent.device_id, UsageEvent.action)
    ).all()
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for device_id, action, count in rows:
        counts[device_id or "(inconnu)"][_ACTION_FIELD.get(action, "allowed")] = count
    return tuple(PersonLine(device, **fields) for device, fields in sorted(counts.items()))
