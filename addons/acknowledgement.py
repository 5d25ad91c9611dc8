"""The charter gate on the wire: AI tools wait until this device acknowledged the current charter.

Runs right after the router, before the charter check. Until the association's charter version is
acknowledged here, opening a catalogued tool's page shows the gate page (the charter's summary and
the link to acknowledge it), and a call that would send something gets a French error in that
API's own format; nothing reaches the tool. Requests that send nothing and are not page loads
(scripts, images) pass, so the gate page itself displays.

The database is read in a thread of its own: a PostgreSQL server out of reach must not stall the
proxy's event loop. When the read fails, the gate stays closed (the acknowledgement could not be
confirmed) and says so in the log.
"""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from mitmproxy import http

from addons.context import AcknowledgementCheck, AddonContext
from addons.responses import is_navigation
from addons.state import FlowState, needs_check, state_of
from proxy.inspection.formats.payloads import payload_format
from proxy.inspection.notices import error_body

logger = logging.getLogger(__name__)
PROBLEM = "charter_not_acknowledged"


def gate_response(
    request: http.Request, state: FlowState, gate: AcknowledgementCheck
) -> http.Response:
    """The gate page for a page load, else the gate's message in the tool's error format."""
    headers = {"cache-control": "no-store", "x-garde-ia": "blocked"}
    if is_navigation(request):
        page = gate.page_html(state.match.tool.name, request.headers.get("accept-language")).encode(
            "utf-8"
        )
        return http.Response.make(
            403, page, {**headers, "content-type": "text/html; charset=utf-8"}
        )
    body = error_body(
        gate.api_message(request.headers.get("accept-language")),
        payload_format(state.match.format).error_style,
    )
    return http.Response.make(
        403, body, {**headers, "content-type": "application/json; charset=utf-8"}
    )


class AcknowledgementGate:
    """Answers a catalogued tool's pages and payloads with the charter gate until it is acknowledged."""

    def __init__(self, context: AddonContext) -> None:
        self._gate = context.charter_gate
        self._open = False  # once acknowledged, always (as CharterGate): no thread hop per request
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="garde-ia-charter-gate"
        )

    async def requestheaders(self, flow: http.HTTPFlow) -> None:
        """Stop the request with the gate's answer when the current charter is not acknowledged."""
        state = state_of(flow)
        gate = self._gate
        if (
            gate is None
            or state is None
            or state.status == "blocked"
            or flow.error
            or not flow.live
        ):
            return
        if not (needs_check(state) or is_navigation(flow.request)):
            return
        if self._open or await self._acknowledged(gate):
            self._open = True
            return
        state.status, state.action, state.problem = "blocked", "block", PROBLEM
        flow.response = gate_response(flow.request, state, gate)

    async def _acknowledged(self, gate: AcknowledgementCheck) -> bool:
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._executor, gate.is_acknowledged
            )
        except Exception as error:  # the acknowledgement cannot be confirmed: the gate stays closed
            logger.warning(
                "Confirmation de la charte illisible (%s) : outil d'IA mis en attente",
                type(error).__name__,
            )
            return False

    def done(self) -> None:
        """Stop the reading thread."""
        self._executor.shutdown(wait=False, cancel_futures=True)
