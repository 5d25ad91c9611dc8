"""What the tray shows a volunteer about recent activity: counts per tool and action, no content."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select

from proxy.storage.engine import read_transaction
from proxy.storage.models import UsageEvent, UsageEventTag


@dataclass(frozen=True, slots=True)
class ToolActivity:
    """Requests to one tool, by what garde-ia did."""

    tool_id: str
    allowed: int = 0
    pseudonymized: int = 0
    blocked: int = 0

    @property
    def total(self) -> int:
        """All requests to this tool."""
        return self.allowed + self.pseudonymized + self.blocked


@dataclass(frozen=True, slots=True)
class RecentActivity:
    """Activity since a moment, per tool (busiest first)."""

    since: datetime
    tools: tuple[ToolActivity, ...]
    last_event_at: datetime | None

    @property
    def total(self) -> int:
        """All requests."""
        return sum(tool.total for tool in self.tools)

    @property
    def blocked(self) -> int:
        """Blocked requests."""
        return sum(tool.blocked for tool in self.tools)


@dataclass(frozen=True, slots=True)
class RecentEvent:
    """One recent request: when, which tool, what garde-ia did and why (rule ids, categories)."""

    occurred_at: datetime
    tool_id: str
    action: str
    rule_ids: tuple[str, ...]
    categories: tuple[str, ...]


_FIELD_OF_ACTION = {"allow": "allowed", "pseudonymize": "pseudonymized", "block": "blocked"}


def recent_activity(
    engine: Engine, since: datetime, device_id: str | None = None
) -> RecentActivity:
    """Counts per tool and action since ``since`` (for one device when ``device_id`` is given)."""
    query = select(
        UsageEvent.tool_id, UsageEvent.action, func.count(), func.max(UsageEvent.occurred_at)
    )
    query = query.where(UsageEvent.occurred_at >= since)
    if device_id is not None:
        query = query.where(UsageEvent.device_id == device_id)
    query = query.group_by(UsageEvent.tool_id, UsageEvent.action)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    last: datetime | None = None
    with read_transaction(engine) as connection:
        for tool_id, action, count, latest in connection.execute(query):
            counts[tool_id][_FIELD_OF_ACTION.get(action, "allowed")] = count
            last = latest if last is None or latest > last else last
    tools = sorted(
        (ToolActivity(tool_id, **fields) for tool_id, fields in counts.items()),
        key=lambda tool: (-tool.total, tool.tool_id),
    )
    return RecentActivity(since=since, tools=tuple(tools), last_event_at=last)


def recent_events(
    engine: Engine, limit: int = 20, device_id: str | None = None
) -> tuple[RecentEvent, ...]:
    """The latest requests, newest first, with their rule ids and categories."""
    query = select(
        UsageEvent.event_id, UsageEvent.occurred_at, UsageEvent.tool_id, UsageEvent.action
    )
    if device_id is not None:
        query = query.where(UsageEvent.device_id == device_id)
    query = query.order_by(UsageEvent.occurred_at.desc()).limit(limit)
    with read_transaction(engine) as connection:
        events = connection.execute(query).all()
        tags = connection.execute(
            select(UsageEventTag.event_id, UsageEventTag.kind, UsageEventTag.name).where(
                UsageEventTag.event_id.in_([event.event_id for event in events]),
                UsageEventTag.kind.in_(("rule", "category")),
            )
        ).all()
    names: dict[tuple[str, str], list[str]] = defaultdict(list)
    for event_id, kind, name in tags:
        names[(event_id, kind)].append(name)
    return tuple(
        RecentEvent(
            occurred_at=event.occurred_at,
            tool_id=event.tool_id,
            action=event.action,
            rule_ids=tuple(sorted(names[(event.event_id, "rule")])),
            categories=tuple(sorted(names[(event.event_id, "category")])),
        )
        for event in events
    )
