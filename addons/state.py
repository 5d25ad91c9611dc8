"""What the addons remember about one flow, in ``flow.metadata["garde"]`` (never any content)."""

from dataclasses import dataclass, field
from typing import Literal

from mitmproxy import http

from anonymizer.decision import Action
from proxy.config.catalog import Match
from proxy.inspection.formats.answer_size import AnswerMeter

KEY = "garde"
Status = Literal["pending", "cleared", "blocked"]


@dataclass(slots=True)
class FlowState:
    """One flow's guard state: pending (deny by default) until the charter check succeeded."""

    match: Match
    host: str
    status: Status = "pending"
    action: Action = "allow"
    conversation: str | None = None
    rule_ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    entity_counts: dict[str, int] = field(default_factory=dict)
    model: str | None = None
    request_bytes: int = 0
    file_sizes: dict[str, int] = field(
        default_factory=dict
    )  # file type -> bytes (no names, no content)
    problem: str | None = None
    answer_restorer: object | None = None
    answer_size: AnswerMeter | None = None  # counted for prompts sent on (a length, never text)


def state_of(flow: http.HTTPFlow) -> FlowState | None:
    """The flow's guard state, if the router classified it."""
    value = flow.metadata.get(KEY)
    return value if isinstance(value, FlowState) else None


def needs_check(state: FlowState | None) -> bool:
    """Whether this flow carries a payload that must pass the charter before it leaves."""
    return state is not None and (state.match.guarded or state.match.format == "generic")


def holds_request(state: FlowState | None, request: http.Request) -> bool:
    """Whether the request itself waits for the charter: an HTTP payload, or a WebSocket handshake with a query string.

    A WebSocket's messages are checked one by one; its opening GET is checked only for what its
    query string carries.
    """
    if not needs_check(state):
        return False
    assert state is not None
    return state.match.transport == "http" or bool(request.path.partition("?")[2].partition("#")[0])
