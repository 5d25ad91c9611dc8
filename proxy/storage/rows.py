"""Turn a :class:`UsageRecord` into table rows: facts only, cut to the column sizes."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from proxy.storage.models import HOST_LEN, ID_LEN, MODEL_LEN
from proxy.usage.events import UsageRecord
from proxy.usage.footprint import estimate

Row = dict[str, Any]


def week_start(moment: datetime) -> date:
    """The Monday (UTC) of the ISO week ``moment`` falls in."""
    day = moment.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


def _cut(value: str, size: int) -> str:
    return value[:size]


def _cut_optional(value: str | None, size: int) -> str | None:
    return None if value is None else value[:size]


def event_row(record: UsageRecord) -> Row:
    """The ``usage_events`` row of a record, with its footprint estimate when it was sent."""
    footprint = (
        None
        if record.action == "block"
        else estimate(
            record.provider,
            record.model,
            record.output_chars,
            record.duration_ms,
            record.output_tokens,
        )
    )
    return {
        "event_id": _cut(record.event_id, 32),
        "occurred_at": record.occurred_at,
        "week_start": week_start(record.occurred_at),
        "tool_id": _cut(record.tool_id, ID_LEN),
        "host": _cut(record.host, HOST_LEN),
        "endpoint_kind": record.endpoint_kind,
        "action": record.action,
        "request_bytes": record.request_bytes,
        "response_bytes": record.response_bytes,
        "output_chars": record.output_chars,
        "duration_ms": record.duration_ms,
        "provider": _cut_optional(record.provider, 32),
        "model": _cut_optional(record.model, MODEL_LEN),
        "device_id": _cut(record.device_id, ID_LEN),
        "energy_kwh": footprint.energy_kwh if footprint else None,
        "gwp_kgco2eq": footprint.gwp_kgco2eq if footprint else None,
    }


def tag_rows(record: UsageRecord) -> list[Row]:
    """The ``usage_event_tags`` rows of a record: rules, categories, entity types with counts, files.

    A file is tagged by its type, with its size in bytes as the count (never its name or content).
    """
    tags: dict[tuple[str, str], int] = {}
    for rule in record.rule_ids:
        tags[("rule", _cut(rule, ID_LEN))] = 1
    for category in record.categories:
        tags[("category", _cut(category, ID_LEN))] = 1
    for entity, count in record.entity_counts.items():
        key = ("entity", _cut(entity, ID_LEN))
        tags[key] = tags.get(key, 0) + count
    for file_type, size in record.file_sizes.items():
        tags[("file", _cut(file_type, ID_LEN))] = size
    common = {
        "event_id": _cut(record.event_id, 32),
        "occurred_at": record.occurred_at,
        "tool_id": _cut(record.tool_id, ID_LEN),
        "action": record.action,
    }
    return [{**common, "kind": kind, "name": name, "count": n} for (kind, name), n in tags.items()]
