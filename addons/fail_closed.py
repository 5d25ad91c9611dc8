"""The last line: a separate top-level addon that blocks whatever the guard did not clear.

mitmproxy catches an exception in an addon hook, logs it and carries on with the flow (fail
open). Registered as its own top-level addon, after the others, this gate still runs when they
failed, and answers or drops every payload of a catalogued tool that was not explicitly cleared.
"""

import logging

from mitmproxy import http

from addons.context import AddonContext
from addons.responses import notice_response
from addons.router import MISMATCH, classify, mismatch_response, unchecked_payload
from addons.state import KEY, holds_request, needs_check, state_of
from proxy.inspection.notices import problem_notice

logger = logging.getLogger(__name__)
CLEARED_MESSAGES = "garde.cleared_messages"


class FailClosed:
    """Blocks any catalogued payload-carrying request or WebSocket message lacking the cleared mark."""

    def __init__(self, context: AddonContext) -> None:
        self._context = context

    def _deny(self, flow: http.HTTPFlow) -> None:
        state = state_of(flow)
        flow.response = notice_response(
            flow.request,
            state.match if state else None,
            problem_notice("erreur interne", self._context.policy),
            503,
        )

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        """If the router failed, classify again and deny by default."""
        if KEY in flow.metadata or flow.response:
            return
        state = classify(flow, self._context.catalog)
        if state is None:
            return
        logger.error(
            "Le routeur n'a pas classé une requête vers %s : contrôle par défaut",
            state.match.tool.id,
        )
        if state.problem == MISMATCH:
            flow.response = mismatch_response(flow, state, self._context.policy)
            return
        if holds_request(state, flow.request):
            flow.request.stream = False
            self._deny(flow)
        else:
            state.status = "cleared"

    def request(self, flow: http.HTTPFlow) -> None:
        """Block a payload-carrying request that was not cleared (whatever its method)."""
        state = state_of(flow)
        if (
            state is not None
            and unchecked_payload(flow, state, self._context.catalog)
            and flow.response is None
        ):
            logger.error("Requête vers %s avec un contenu non lu : bloquée", state.match.tool.id)
            self._deny(flow)
            return
        if state is None or not holds_request(state, flow.request):
            return
        if state.status != "cleared" and flow.response is None:
            logger.error("Requête vers %s non validée : bloquée", state.match.tool.id)
            self._deny(flow)

    def websocket_message(self, flow: http.HTTPFlow) -> None:
        """Drop a client message to a catalogued tool that was not cleared."""
        assert flow.websocket is not None
        message = flow.websocket.messages[-1]
        state = state_of(flow)
        if state is None or not message.from_client or not needs_check(state):
            return
        if id(message) not in flow.metadata.get(CLEARED_MESSAGES, set()) and not message.dropped:
            logger.error("Message WebSocket vers %s non validé : supprimé", state.match.tool.id)
            message.dropped = True
