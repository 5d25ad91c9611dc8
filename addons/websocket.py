"""Apply the charter to WebSocket messages (Copilot, M365 Copilot, Grammarly) and restore answers.

Each client message is dropped first (deny by default) and let through only once the inspection
pipeline allows it (the same one as for HTTP requests); an error, a timeout or an unreadable frame
leaves it dropped, and the page gets a notice in the tool's own frame format when its payload
format declares one.
"""

import logging

from mitmproxy import ctx, http, websocket

from addons import websocket_control
from addons.context import AddonContext
from addons.fail_closed import CLEARED_MESSAGES
from addons.request_check import client_of, limits, record_outcome
from addons.state import FlowState, needs_check, state_of
from addons.usage import message_record
from proxy.inspection.formats.answers import EventRestorer, restore_frame
from proxy.inspection.formats.payloads import payload_format
from proxy.inspection.formats.websocket_notices import invocation_id
from proxy.inspection.notices import Notice
from proxy.inspection.pipeline import Inspector, Payload

logger = logging.getLogger(__name__)


def notice_frames(format_id: str, notice: Notice, invocation: str | None = None) -> list[bytes]:
    """Server frames that show ``notice`` in the tool's page, when its format declares them."""
    build = payload_format(format_id).websocket_notice
    return build(notice.text(), invocation) if build is not None else []


class WebSocketCheck:
    """Checks client frames with the charter and restores placeholders in server frames."""

    def __init__(self, context: AddonContext, inspector: Inspector) -> None:
        self._context = context
        self._inspector = inspector
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
        payload = Payload(
            match=state.match,
            body=message.content,
            content_type="application/json",
            client=client_of(flow),
            conversation=state.conversation,  # the first message's conversation holds for the connection
            binary=not message.is_text,
        )
        outcome = await self._inspector.inspect(payload, limits())
        record_outcome(state, outcome)  # this message's facts only
        if outcome.action != "block" and outcome.body is not None:
            message.content = outcome.body
        self._context.sink.submit(message_record(state, len(message.content)))  # the bytes sent
        if outcome.action != "block":
            message.dropped = False
            flow.metadata.setdefault(CLEARED_MESSAGES, set()).add(id(message))
            return
        assert outcome.notice is not None
        for frame in notice_frames(
            state.match.format, outcome.notice, invocation_id(message.content)
        ):
            ctx.master.commands.call("inject.websocket", flow, True, frame, True)

    def _restore(
        self, flow: http.HTTPFlow, state: FlowState, message: websocket.WebSocketMessage
    ) -> None:
        if state.conversation is None or not message.is_text:
            return
        vault = self._context.vaults.get(state.conversation)
        if not len(vault):
            return
        try:
            if not isinstance(state.answer_restorer, EventRestorer):
                state.answer_restorer = EventRestorer(vault)
            first, *held = restore_frame(message.text, state.answer_restorer)
            message.text = first
            for frame in held:  # text held back until the end of the answer, in frames of its own
                ctx.master.commands.call("inject.websocket", flow, True, frame.encode(), True)
        except Exception as error:  # an answer frame is passed on as it came
            logger.error(
                "Restauration impossible pour %s (%s)", state.match.tool.id, type(error).__name__
            )
