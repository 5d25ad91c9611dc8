"""Tell the usage log what happened to each checked request: facts only, never content."""

import logging
import time
from dataclasses import replace
from typing import Any

from mitmproxy import http

from addons.context import AddonContext
from addons.state import FlowState, needs_check, state_of
from proxy.usage.canary import is_canary
from proxy.usage.events import UsageRecord

logger = logging.getLogger(__name__)


def _record(state: FlowState, request_bytes: int, **measures: Any) -> UsageRecord:
    """The usage record of one checked request or message: facts only, never content."""
    return UsageRecord(
        tool_id=state.match.tool.id,
        host=state.host,
        endpoint_kind=state.match.kind if state.match.kind in ("prompt", "upload") else "other",
        action=state.action,
        rule_ids=state.rule_ids,
        categories=state.categories,
        entity_counts=dict(state.entity_counts),
        request_bytes=request_bytes,
        model=state.model,
        **measures,
    )


def record_for(flow: http.HTTPFlow) -> UsageRecord | None:
    """The usage record of a checked HTTP flow (None for flows garde-ia did not check)."""
    state = state_of(flow)
    if state is None or not needs_check(state) or state.match.transport != "http":
        return None
    if is_canary(flow.request.scheme, state.host, state.model, state.action):
        logger.info("Demande test de garde-ia doctor bloquée (non comptée dans le journal d'usage)")
        return None
    response = flow.response
    answer = state.answer_size
    started, ended = flow.request.timestamp_start, (response.timestamp_end if response else None)
    return _record(
        state,
        state.request_bytes,
        file_sizes=dict(state.file_sizes),
        response_bytes=len(response.raw_content)
        if response and response.raw_content is not None
        else None,
        duration_ms=int(((ended or time.time()) - started) * 1000),
        provider=state.match.tool.ecologits_provider,
        output_chars=answer.chars if answer else None,
        output_tokens=answer.tokens if answer else None,
    )


def message_record(state: FlowState, size: int) -> UsageRecord:
    """The usage record of one checked WebSocket message (a chat message sent is a prompt)."""
    return replace(_record(state, size), endpoint_kind="prompt" if state.match.guarded else "other")


class UsageReporter:
    """Hands one UsageRecord per checked request to the usage sink."""

    def __init__(self, context: AddonContext) -> None:
        self._context = context

    def response(self, flow: http.HTTPFlow) -> None:
        """Record a request that got an answer (from the tool or from garde-ia)."""
        self._submit(flow)

    def error(self, flow: http.HTTPFlow) -> None:
        """Record a request that failed on the way."""
        self._submit(flow)

    def _submit(self, flow: http.HTTPFlow) -> None:
        if clean_page(flow):
            return
        record = record_for(flow)
        if record is not None:
            self._context.sink.submit(record)


def clean_page(flow: http.HTTPFlow) -> bool:
    """A page or an asset whose query string was read and found clean: not a request to an AI."""
    state = state_of(flow)
    return (
        state is not None
        and state.match.kind == "other"
        and state.request_bytes == 0
        and state.action == "allow"
    )
