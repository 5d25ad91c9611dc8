"""What the guard tells the usage log about one request: facts, never content.

The proxy builds a :class:`UsageRecord` per request to a catalogued tool (and per sighting of an
AI-looking host outside the catalog); the usage log stores it. No field may hold prompt text, a
detected value, a placeholder mapping or a hash of any of them.
"""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

EndpointKind = Literal["prompt", "upload", "page", "api", "other"]
LoggedAction = Literal["allow", "pseudonymize", "block"]


def new_event_id() -> str:
    """A random id, so the same event written twice (outbox retries) is stored once."""
    return uuid.uuid4().hex


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class UsageRecord:
    """One request to a catalogued generative-AI tool, as handled by garde-ia."""

    tool_id: str
    host: str
    endpoint_kind: EndpointKind
    action: LoggedAction
    rule_ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    entity_counts: dict[str, int] = field(default_factory=dict)
    request_bytes: int = 0
    # Files sent with the request: their type ("pdf", "docx", "image"…) and total size in bytes.
    file_sizes: dict[str, int] = field(default_factory=dict)
    response_bytes: int | None = None
    duration_ms: int | None = None
    model: str | None = None
    # For the footprint estimate (ecologits): its provider name ("openai", "mistralai", "anthropic",
    # "google_genai", "cohere", "huggingface_hub"), the length of the answer's text in characters
    # and, when the answer said so, the provider's own count of output tokens (preferred).
    provider: str | None = None
    output_chars: int | None = None
    output_tokens: int | None = None
    device_id: str = ""
    event_id: str = field(default_factory=new_event_id)
    occurred_at: datetime = field(default_factory=utc_now)
