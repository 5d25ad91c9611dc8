"""Drive garde-ia's addons through mitmproxy's own addon manager, in the order the runner sets.

``mitmproxy.test.taddons`` gives a real Master (options, commands, ``ctx``); hooks are invoked with
``AddonManager.invoke_addon``, which catches addon exceptions exactly as the running proxy does.
"""

from collections.abc import Callable, Iterable

from mitmproxy import command, flow, hooks, http
from mitmproxy.addonmanager import safecall
from mitmproxy.addons.mapremote import MapRemote
from mitmproxy.proxy.layers.http import (
    HttpErrorHook,
    HttpRequestHeadersHook,
    HttpRequestHook,
    HttpResponseHeadersHook,
    HttpResponseHook,
)
from mitmproxy.proxy.layers.websocket import WebsocketMessageHook
from mitmproxy.test import taddons, tflow
from mitmproxy.websocket import WebSocketData, WebSocketMessage
from wsproto.frame_protocol import Opcode

from addons.acknowledgement import AcknowledgementGate
from addons.answers import AnswerRestorer
from addons.context import AddonContext
from addons.fail_closed import FailClosed
from addons.order import build_addons
from addons.request_check import RequestCheck
from addons.router import ToolRouter
from addons.state import FlowState, state_of
from addons.usage import UsageReporter
from addons.websocket import WebSocketCheck
from proxy.runner import guard_chain

# The hooks and frame types the addon tests build flows with, from here as from mitmproxy.
__all__ = [
    "HttpErrorHook",
    "HttpRequestHeadersHook",
    "HttpRequestHook",
    "HttpResponseHeadersHook",
    "HttpResponseHook",
    "InjectedFrames",
    "Opcode",
    "Pipeline",
    "WebSocketMessage",
    "WebsocketMessageHook",
    "request_flow",
    "websocket_flow",
    "response_of",
    "known_state",
    "content_of",
    "websocket_of",
    "stream_of",
    "text_of",
]


def _one[T](addon: object, kind: type[T]) -> T:
    assert isinstance(addon, kind), f"{addon!r} is not a {kind.__name__}: the addon order changed"
    return addon


class InjectedFrames:
    """Stands in for the live connection behind mitmproxy's ``inject.websocket`` command."""

    def __init__(self) -> None:
        self.frames: list[tuple[bool, bytes]] = []

    @command.command("inject.websocket")  # type: ignore[untyped-decorator]  # mitmproxy's command decorator is untyped
    def inject_websocket(
        self, flow: flow.Flow, to_client: bool, message: bytes, is_text: bool = True
    ) -> None:
        self.frames.append((to_client, message))


class Pipeline:
    """The guard's addons around mitmproxy's MapRemote, the gate last (as ``proxy.runner.run_mitmproxy``)."""

    def __init__(self, context: AddonContext, **options: object) -> None:
        self.addons = build_addons(context)
        router, acknowledgement, charter, websocket, answers, usage, gate = self.addons
        self.router = _one(router, ToolRouter)
        self.acknowledgement = _one(acknowledgement, AcknowledgementGate)
        self.charter = _one(charter, RequestCheck)
        self.websocket = _one(websocket, WebSocketCheck)
        self.answers = _one(answers, AnswerRestorer)
        self.usage = _one(usage, UsageReporter)
        self.gate = _one(gate, FailClosed)
        self.injected = InjectedFrames()
        self.tctx = taddons.context(*self.addons, MapRemote(), self.injected)  # type: ignore[no-untyped-call]  # mitmproxy.test is untyped
        manager = self.tctx.master.addons
        manager.chain = guard_chain(manager.chain, self.addons)
        if options:
            self.tctx.options.update(**options)  # type: ignore[no-untyped-call]  # mitmproxy's Options.update is untyped

    def __enter__(self) -> "Pipeline":
        self.tctx.__enter__()  # type: ignore[no-untyped-call]  # mitmproxy.test is untyped
        return self

    def __exit__(self, *exc: object) -> None:
        self.charter.done()
        self.acknowledgement.done()
        self.tctx.__exit__(None, None, None)  # type: ignore[no-untyped-call]  # mitmproxy.test is untyped

    def run(self, hook: hooks.Hook, addons: list[object] | None = None) -> None:
        """Invoke a hook on every addon (or on ``addons``), catching errors as mitmproxy does."""
        manager = self.tctx.master.addons
        for addon in addons if addons is not None else manager.chain:
            with safecall():
                self.tctx.master.event_loop.run_until_complete(manager.invoke_addon(addon, hook))

    def send(self, flow: http.HTTPFlow) -> http.HTTPFlow:
        """The request side: requestheaders then request, through every addon."""
        self.run(HttpRequestHeadersHook(flow))
        self.run(HttpRequestHook(flow))
        return flow

    def answer(self, flow: http.HTTPFlow, response: http.Response) -> http.HTTPFlow:
        """The service's answer arrives: responseheaders then response, through every addon."""
        flow.response = response
        self.run(HttpResponseHeadersHook(flow))
        self.run(HttpResponseHook(flow))
        return flow

    def fail(self, flow: http.HTTPFlow) -> None:
        self.run(HttpErrorHook(flow))

    def message(
        self, flow: http.HTTPFlow, content: bytes | str, from_client: bool = True
    ) -> WebSocketMessage:
        assert flow.websocket is not None
        is_text = isinstance(content, str)
        data = content.encode() if isinstance(content, str) else content
        message = WebSocketMessage(Opcode.TEXT if is_text else Opcode.BINARY, from_client, data)
        flow.websocket.messages.append(message)
        self.run(WebsocketMessageHook(flow))
        return message


def request_flow(
    url: str, body: bytes = b"", /, method: str = "POST", **headers: str
) -> http.HTTPFlow:
    """A live flow whose body is sent as given (``Request.make`` would re-encode it)."""
    request = http.Request.make(method, url, b"", http.Headers(content_type="application/json"))
    request.headers.update(headers)
    request.raw_content = body
    request.headers["content-length"] = str(len(body))
    flow = tflow.tflow(req=request)
    flow.client_conn.sni = request.host  # the client talks TLS to the name in the URL
    return flow


def websocket_flow(url: str) -> http.HTTPFlow:
    request = http.Request.make(
        "GET", url, b"", http.Headers(upgrade="websocket", connection="upgrade")
    )
    flow = tflow.tflow(req=request, ws=WebSocketData())
    flow.client_conn.sni = request.host
    return flow


def response_of(flow: http.HTTPFlow) -> http.Response:
    """The flow's answer, which the test expects to be there."""
    assert flow.response is not None, "no answer on the flow"
    return flow.response


def known_state(flow: http.HTTPFlow) -> FlowState:
    """The guard's state of a flow the router classified."""
    found = state_of(flow)
    assert found is not None, "the router did not classify the flow"
    return found


def content_of(message: http.Message) -> bytes:
    """A request's or answer's decoded body, which the test expects to be readable."""
    content = message.content
    assert content is not None, "the body cannot be decoded"
    return content


def websocket_of(flow: http.HTTPFlow) -> WebSocketData:
    assert flow.websocket is not None, "not a WebSocket flow"
    return flow.websocket


def stream_of(response: http.Response) -> Callable[[bytes], bytes | Iterable[bytes]]:
    """The function mitmproxy calls on each chunk of a streamed answer (the restorer's)."""
    stream = response.stream
    assert callable(stream), "the answer is not streamed through a function"
    return stream


def text_of(flow: http.HTTPFlow) -> str:
    """The flow's answer as text, which the test expects to be readable."""
    text = response_of(flow).get_text()
    assert text is not None, "the answer cannot be decoded"
    return text
