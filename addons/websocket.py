"""Apply the charter to WebSocket messages (Copilot, M365 Copilot, Grammarly) and restore answers.

Each client message is dropped first (deny by default) and let through only once checked;
an error, a timeout or an unreadable frame leaves it dropped, and the page gets a notice in the
tool's own frame format when garde-ia knows it.
"""

import json
import logging

from mitmproxy import ctx, http, websocket

from addons import websocket_control
from addons.context import AddonContext
from addons.fail_closed import CLEARED_MESSAGES
from addons.request_check import RequestCheck, conversation_key, merge_decisions
from addons.state import FlowState, needs_check, state_of
from proxy.inspection.formats.answers import EventRestorer, ends_turn
from proxy.inspection.formats.document import loads_strict
from proxy.inspection.formats.leaves import LeafBatch
from proxy.inspection.formats.payloads import payload_format
from proxy.inspection.formats.requests import extract
from proxy.inspection.formats.websocket_notices import RECORD_SEPARATOR, invocation_id
from proxy.inspection.notices import Notice, decision_notice, problem_notice
from proxy.usage.events import UsageRecord
from proxy.usage.model_names import safe_model_name

logger = logging.getLogger(__name__)


class WebSocketCheck:
    """Checks client frames with the charter and restores placeholders in server frames."""

    def __init__(self, context: AddonContext, charter: RequestCheck) -> None:
        self._context = context
        self._charter = charter
        websocket_control.install()  # ping payloads and close reasons never carry text to the service

    async def websocket_message(self, flow: http.HTTPFlow) -> None:
        """Check (client) or restore (server) the latest message."""
        assert flow.websocket is not None
        message = flow.websocket.messages[-1]
        state = state_of(flow)
        if state is None or not needs_check(state):
            return
        if not message.from_client:
            self._restore(flow, state, message)
            return
        message.dropped = True  # deny by default: undone only after a successful check
        state.action, state.rule_ids, state.categories, state.entity_counts = "block", (), (), {}  # this message's facts only
        try:
            notice = await self._check(flow, state, message)
        except Exception as error:  # any failure keeps the message dropped
            logger.error("Message vers %s bloqué (%s)", state.match.tool.id, type(error).__name__)
            notice = problem_notice("message illisible ou erreur interne", self._context.policy)
        if notice is not None:
            state.action = "block"
        self._submit(state, len(message.content))
        if notice is None:
            message.dropped = False
            flow.metadata.setdefault(CLEARED_MESSAGES, set()).add(id(message))
            return
        for frame in notice_frames(state.match.format, notice, invocation_id(message.content)):
            ctx.master.commands.call("inject.websocket", flow, True, frame, True)

    async def _check(self, flow: http.HTTPFlow, state: FlowState, message: websocket.WebSocketMessage) -> Notice | None:
        if not message.is_text:
            return problem_notice("message binaire", self._context.policy)
        found = extract(state.match.format, message.content, "application/json")
        peer = flow.client_conn.peername[0] if flow.client_conn.peername else ""
        state.conversation = state.conversation or conversation_key(state, found.conversation, peer)
        state.model = safe_model_name(found.model) or state.model
        leaves = LeafBatch(found.extras)  # a frame's unknown fields are read too
        everything = [*found.texts, *leaves.texts()]
        decisions = await self._charter.check(everything, state.conversation) if everything else []
        decision = merge_decisions(decisions)
        state.action, state.categories, state.entity_counts = decision.action, decision.categories, decision.entity_counts
        state.rule_ids = tuple(dict.fromkeys(r.rule for r in decision.reasons))
        if decision.action == "block" or (decision.action == "pseudonymize" and not state.match.rewritable):
            return decision_notice(decision, self._context.policy, self._context.entity_labels)
        if decision.action == "pseudonymize":
            texts = len(found.texts)
            if not leaves.apply([d.text for d in decisions[texts:]]):
                return decision_notice(decision, self._context.policy, self._context.entity_labels)
            message.content = found.rebuild([d.text or "" for d in decisions[:texts]])
        return None

    def _restore(self, flow: http.HTTPFlow, state: FlowState, message: websocket.WebSocketMessage) -> None:
        if state.conversation is None or not message.is_text:
            return
        vault = self._context.vaults.get(state.conversation)
        if not len(vault):
            return
        try:
            if not isinstance(state.answer_restorer, EventRestorer):
                state.answer_restorer = EventRestorer(vault)
            restorer = state.answer_restorer
            records = message.text.split(RECORD_SEPARATOR)
            restored: list[str] = []
            for record in records:
                value = loads_strict(record) if record.strip() else None
                if value is not None and ends_turn(value):  # text held back at the end of the answer
                    restored += [json.dumps(e, ensure_ascii=False) for e in restorer.flush()]
                restored.append(json.dumps(restorer.event(value), ensure_ascii=False) if record.strip() else record)
            if len(records) > 1 or len(restored) == 1:  # record framing (SignalR): held text as records
                message.text = RECORD_SEPARATOR.join(restored)
                return
            message.text = restored[0]  # one JSON per frame: the held text, then the end in frames of their own
            for frame in restored[1:]:
                ctx.master.commands.call("inject.websocket", flow, True, frame.encode(), True)
        except Exception as error:  # an answer frame is passed on as it came
            logger.error("Restauration impossible pour %s (%s)", state.match.tool.id, type(error).__name__)

    def _submit(self, state: FlowState, size: int) -> None:
        self._context.sink.submit(UsageRecord(
            tool_id=state.match.tool.id, host=state.host, endpoint_kind="prompt" if state.match.guarded else "other",
            action=state.action, rule_ids=state.rule_ids, categories=state.categories,
            entity_counts=dict(state.entity_counts), request_bytes=size, model=state.model,
        ))


def notice_frames(format_id: str, notice: Notice, invocation: str | None = None) -> list[bytes]:
    """Server frames that show ``notice`` in the tool's page, when its format declares them."""
    build = payload_format(format_id).websocket_notice
    return build(notice.text(), invocation) if build is not None else []
