from datetime import UTC, datetime

from proxy.usage.events import UsageRecord


def make_record(**overrides: object) -> UsageRecord:
    values: dict[str, object] = {
        "tool_id": "le_chat",
        "host": "chat.mistral.ai",
        "endpoint_kind": "prompt",
        "action": "pseudonymize",
        "rule_ids": ("donnees-personnelles",),
        "categories": ("sante",),
        "entity_counts": {"PERSON": 2, "EMAIL_ADDRESS": 1},
        "request_bytes": 1200,
        "response_bytes": 5400,
        "duration_ms": 4000,
        "model": "mistral-large-latest",
        "provider": "mistralai",
        "output_chars": 2000,
        "device_id": "appareil-1",
    }
    values.update(overrides)
    return UsageRecord(**values)  # type: ignore[arg-type]


def at(day: int, month: int = 3, year: int = 2026, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)
