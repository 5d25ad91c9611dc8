"""The report's « IA fantôme » section: watched tools outside the catalog, week by week.

Sightings are stored per day, host and (with per-person detail) device, so the rows read here
are few — tools × days × devices, never one per connection — and are grouped by week in Python.
Devices are counted only when the policy enables per-person detail; without it the log holds none.
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, literal, select

from proxy.config.watchlist import WatchList
from proxy.report.model import SightingLine
from proxy.storage.models import AiHostSighting


def sighting_weeks(
    connection: Any,
    since: datetime,
    until: datetime,
    watchlist: WatchList,
    is_catalogued: Callable[[str], bool],
    per_person: bool,
) -> tuple[SightingLine, ...]:
    """Connections (and devices) per week and watched tool over ``[since, until]``, by day."""
    # Without per-person detail the devices are not needed: the database adds them up first.
    device = AiHostSighting.device_id if per_person else literal("")
    grouped = (AiHostSighting.day, AiHostSighting.host, AiHostSighting.tool_name)
    rows = connection.execute(
        select(*grouped, device, func.sum(AiHostSighting.sightings))
        .where(AiHostSighting.day >= _utc_day(since), AiHostSighting.day <= _utc_day(until))
        .group_by(*grouped, *((AiHostSighting.device_id,) if per_person else ()))
    ).all()
    counts: dict[tuple[date, str], int] = defaultdict(int)
    hosts: dict[tuple[date, str], set[str]] = defaultdict(set)
    devices: dict[tuple[date, str], set[str]] = defaultdict(set)
    names: dict[tuple[str, str], str | None] = {}  # a few hosts, many days: look each up once
    for day, host, stored_name, device, count in rows:
        if (host, stored_name) not in names:
            names[(host, stored_name)] = _current_name(host, stored_name, watchlist, is_catalogued)
        name = names[(host, stored_name)]
        if name is None:  # promoted into the catalog since: counted there now
            continue
        key = (_monday(day), name)
        counts[key] += int(count)
        hosts[key].add(host)
        if device:
            devices[key].add(device)
    return tuple(
        SightingLine(
            week,
            name,
            tuple(sorted(hosts[(week, name)])),
            counts[(week, name)],
            len(devices[(week, name)]) if per_person else None,
        )
        for week, name in sorted(counts, key=lambda k: (k[0], -counts[k], k[1]))
    )


def _current_name(
    host: str, stored_name: str, watchlist: WatchList, is_catalogued: Callable[[str], bool]
) -> str | None:
    """The tool's name in today's watch list (None once the host is catalogued)."""
    if is_catalogued(host):
        return None
    tool = watchlist.tool_for_host(host)
    return tool.name if tool else (stored_name or host)


def _monday(value: Any) -> date:
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return day - timedelta(days=day.weekday())


def _utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()
