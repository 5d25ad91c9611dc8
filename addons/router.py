"""Decide, from the original host and path, which AI tool a request belongs to.

Runs in ``requestheaders``, before mitmproxy's ``map_remote`` rewrites the destination, so a
redirected request is still guarded as the tool it was sent to. A request that carries a
payload is answered by garde-ia *by default* (deny mark set here); only a successful charter
check removes that answer. Its body is buffered, never streamed past the guard.
"""

import logging

from mitmproxy import ctx, exceptions, http
from mitmproxy.addonmanager import Loader

from addons.context import AddonContext
from addons.names import catalogued_mismatch, request_names
from addons.responses import notice_response
from addons.state import KEY, FlowState, holds_request, needs_check, state_of
from proxy.config.catalog import Catalog, Match
from proxy.config.policy import OrganisationPolicy
from proxy.inspection.notices import forbidden_notice, problem_notice

logger = logging.getLogger(__name__)
MISMATCH = "host_mismatch"


def is_websocket_handshake(request: http.Request) -> bool:
    """Whether the request opens a WebSocket: only a GET carrying ``Upgrade: websocket`` (RFC 6455 §4.1).

    A POST with that header is an ordinary request with a body, read like any other.
    """
    return (
        request.method.upper() == "GET"
        and str(request.headers.get("upgrade", "")).strip().lower() == "websocket"
    )


def carries_body(request: http.Request) -> bool:
    """Whether the request has (or announces, before it is read) a body."""
    if request.raw_content is not None and len(request.raw_content) > 0:
        return True
    if "transfer-encoding" in request.headers:
        return True
    length = request.headers.get("content-length", "0").strip()
    return not (length.isdigit() and int(length) == 0)


def classify(flow: http.HTTPFlow, catalog: Catalog, body: bool | None = None) -> FlowState | None:
    """The tool and endpoint of a request, from the name the client talks to and the path, recorded on the flow.

    Names that disagree on a catalogued tool give a state already blocked (problem ``host_mismatch``).
    """
    request = flow.request
    names = request_names(flow)
    has_body = carries_body(request) if body is None else body
    websocket = is_websocket_handshake(request)
    if catalogued_mismatch(names, catalog):
        tool = next(
            t
            for n in (names.sni, names.host_header, names.target)
            if n and (t := catalog.tool_for_host(n))
        )
        state = FlowState(
            Match(tool, "other", "generic", "websocket" if websocket else "http"), names.decided
        )
        state.status, state.action, state.problem = "blocked", "block", MISMATCH
        flow.metadata[KEY] = state
        return state
    match = catalog.match(names.decided, request.path, request.method, websocket, has_body)
    if match is None:
        return None
    state = FlowState(match, names.decided)
    flow.metadata[KEY] = state
    return state


def mismatch_response(
    flow: http.HTTPFlow, state: FlowState, policy: OrganisationPolicy
) -> http.Response:
    """garde-ia's answer to a request whose names disagree (421: the client may retry on a new connection)."""
    notice = problem_notice("le nom du service ne correspond pas à la connexion ouverte", policy)
    return notice_response(flow.request, state.match, notice, 421)


def unchecked_payload(flow: http.HTTPFlow, state: FlowState | None, catalog: Catalog) -> bool:
    """Whether a request classified as carrying nothing turns out to carry a body or a query string to check.

    An HTTP/2 request announces no length: its body is known only once read, after ``requestheaders``.
    """
    if state is None or needs_check(state) or state.match.transport != "http":
        return False
    request = flow.request
    body = bool(request.raw_content)
    if not body and not request.path.partition("?")[2]:
        return False
    match = catalog.match(state.host, request.path, request.method, False, body)
    return match is not None and (match.guarded or match.format == "generic")


class ToolRouter:
    """Classifies flows with the catalog, applies tool statuses and sets the deny-by-default mark."""

    def __init__(self, context: AddonContext) -> None:
        self._context = context

    def load(self, loader: Loader) -> None:
        """Declare the guard's options."""
        loader.add_option(
            "garde_check_timeout",
            int,
            20,
            "Seconds allowed for checking one request; beyond, it is blocked.",
        )
        loader.add_option(
            "garde_max_body",
            int,
            5_000_000,
            "Largest request body (decoded bytes) garde-ia checks; larger ones are blocked.",
        )
        loader.add_option(
            "garde_max_text_chars",
            int,
            100_000,
            "Longest single text (characters) garde-ia checks; a longer message is refused at once "
            '("message trop long") rather than holding the checking worker for everyone.',
        )

    def configure(self, updated: set[str]) -> None:
        """Refuse options that would let a body pass without being checked."""
        if "stream_large_bodies" in updated and ctx.options.stream_large_bodies:
            raise exceptions.OptionsError(
                "stream_large_bodies laisserait passer des requêtes sans vérification"
            )  # type: ignore[no-untyped-call]
        if (
            ctx.options.garde_max_body < 1
            or ctx.options.garde_check_timeout <= 0
            or ctx.options.garde_max_text_chars < 1
        ):
            raise exceptions.OptionsError(
                "garde_max_body, garde_max_text_chars et garde_check_timeout doivent être positifs"
            )  # type: ignore[no-untyped-call]

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        """Classify the request and, for payload-carrying endpoints, answer it by default."""
        if flow.response or flow.error or not flow.live or KEY in flow.metadata:
            return
        state = classify(flow, self._context.catalog)
        if state is None:
            return
        if state.problem == MISMATCH:
            logger.warning(
                "Noms de destination discordants vers %s : requête bloquée", state.match.tool.id
            )
            flow.response = mismatch_response(flow, state, self._context.policy)
            return
        request, match = flow.request, state.match
        if self._context.policy.tools.status_of(match.tool.id) == "forbidden":
            state.status, state.action = "blocked", "block"
            notice = forbidden_notice(
                match.tool.name, self._context.approved_tools(), self._context.policy
            )
            flow.response = notice_response(request, match, notice)
            return
        request.headers["accept-encoding"] = "identity"  # answers we restore must arrive readable
        if match.transport == "http":
            request.stream = False  # every body to a catalogued tool is read before anything leaves
        if holds_request(state, request):
            self._deny_by_default(flow, state)
        else:
            state.status = (
                "cleared"  # nothing to check, or a WebSocket whose messages are checked one by one
            )

    def request(self, flow: http.HTTPFlow) -> None:
        """A request that turned out to carry a body or a query string is classified again and checked."""
        state = state_of(flow)
        if (
            flow.response
            or flow.error
            or not flow.live
            or not unchecked_payload(flow, state, self._context.catalog)
        ):
            return
        state = classify(flow, self._context.catalog, body=bool(flow.request.raw_content))
        if state is not None and needs_check(state):
            self._deny_by_default(flow, state)

    def _deny_by_default(self, flow: http.HTTPFlow, state: FlowState) -> None:
        state.status = "pending"
        flow.response = notice_response(
            flow.request,
            state.match,
            problem_notice("vérification interrompue", self._context.policy),
            503,
        )
