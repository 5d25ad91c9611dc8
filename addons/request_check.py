"""Apply the charter to what a request sends: mitmproxy's request hook around the inspection pipeline.

The flow becomes a :class:`~proxy.inspection.pipeline.Payload`, the pipeline says what to do, and
the outcome is applied: the deny-by-default answer the router set is lifted only when the
outcome allows sending (unchanged or rewritten); a block answers with garde-ia's notice.
"""

import logging

from mitmproxy import ctx, http

from addons.context import AddonContext
from addons.responses import notice_response
from addons.state import FlowState, state_of
from proxy.inspection.formats.query import query_of
from proxy.inspection.pipeline import Inspector, Limits, Outcome, Payload

logger = logging.getLogger(__name__)


def limits() -> Limits:
    """The inspection's limits, from garde-ia's mitmproxy options (``--set garde_max_body=…``)."""
    return Limits(
        max_body=ctx.options.garde_max_body,
        max_text_chars=ctx.options.garde_max_text_chars,
        timeout_seconds=ctx.options.garde_check_timeout,
    )


def client_of(flow: http.HTTPFlow) -> str:
    """The connection's source address (part of the vault key)."""
    return flow.client_conn.peername[0] if flow.client_conn.peername else ""


def record_outcome(state: FlowState, outcome: Outcome) -> None:
    """Keep the outcome's facts (never content) on the flow, for the usage log."""
    state.action, state.problem = outcome.action, outcome.problem
    state.rule_ids, state.categories = outcome.rule_ids, outcome.categories
    state.entity_counts = dict(outcome.entity_counts)
    state.model = outcome.model or state.model
    state.conversation = outcome.conversation
    for kind, size in outcome.file_sizes.items():
        state.file_sizes[kind] = state.file_sizes.get(kind, 0) + size
    if outcome.problem:
        logger.warning("Envoi vers %s bloqué : %s", state.match.tool.id, outcome.problem)


class RequestCheck:
    """The request hook: inspects each payload-carrying request before anything leaves."""

    def __init__(self, context: AddonContext, inspector: Inspector) -> None:
        self._context = context
        self._inspector = inspector

    async def request(self, flow: http.HTTPFlow) -> None:
        """Inspect the payload; lift the deny-by-default answer only when the outcome allows it."""
        state = state_of(flow)
        if state is None or state.status != "pending" or flow.error or not flow.live:
            return
        request = flow.request
        payload = Payload(
            match=state.match,
            body=request.raw_content,
            content_type=request.headers.get("content-type", ""),
            path=request.path,
            query=query_of(request.path),
            content_encoding=request.headers.get("content-encoding", ""),
            client=client_of(flow),
            # A WebSocket handshake: only its query string is read here (its messages come later).
            format_id=state.match.format if state.match.transport == "http" else "generic",
        )
        outcome = await self._inspector.inspect(payload, limits())
        state.request_bytes = outcome.request_bytes
        record_outcome(state, outcome)
        if outcome.action == "block":
            state.status = "blocked"
            assert outcome.notice is not None
            flow.response = notice_response(request, state.match, outcome.notice)
            return
        if outcome.body is not None:
            request.content = (
                outcome.body
            )  # mitmproxy re-applies the Content-Encoding and fixes Content-Length
        if outcome.query is not None:
            request.path = request.path.partition("?")[0] + "?" + outcome.query
        flow.response = None
        state.status = "cleared"
        if state.match.transport == "websocket":
            state.conversation = None  # each message names its own conversation

    def done(self) -> None:
        """Stop the inspection's worker threads."""
        self._inspector.close()
