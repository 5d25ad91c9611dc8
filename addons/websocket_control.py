"""WebSocket control frames carry no user text to the AI service: ping payloads and close reasons.

mitmproxy relays pings, pongs and close frames inside its WebSocket layer, without any addon hook
(and prints ping payloads at ``-v``): a client could put anything in them, unchecked. garde-ia
decrypts only catalogued tools, so on every relayed WebSocket:

- a client's ping reaches the service with an empty payload; the service's pong to it is given the
  withheld payload back on its way to the client (clients match pongs to their pings by payload,
  keep-alives keep working);
- a client's pong keeps its payload only when it echoes a ping the service sent, else it is emptied;
- close reasons are emptied both ways (the close code stays).

This patches mitmproxy's ``WebsocketConnection.events`` and ``WebsocketLayer.start`` once, at
start-up (:func:`install`, idempotent; called by the WebSocket addon's ``load``).
"""

from collections import deque
from collections.abc import Callable, Generator, Iterator
from typing import Any

import wsproto.events as ws_events
from mitmproxy.proxy.layers import websocket as ws_layer

PENDING = (
    64  # pings remembered per connection (more pending pings than that are not answered right)
)
_installed = False


class ControlFrames:
    """One relayed WebSocket's ping bookkeeping, shared by its client-side and server-side connections."""

    def __init__(self) -> None:
        self.withheld: deque[bytes] = deque(maxlen=PENDING)  # client pings' payloads, oldest first
        self.service_pings: deque[bytes] = deque(maxlen=PENDING)

    def from_client(self, event: ws_events.Event) -> ws_events.Event:
        """What of a client's control frame goes on to the service."""
        if isinstance(event, ws_events.Ping):
            self.withheld.append(bytes(event.payload))
            return ws_events.Ping(payload=b"")
        if isinstance(event, ws_events.Pong):
            payload = bytes(event.payload)
            if payload in self.service_pings:
                self.service_pings.remove(payload)
                return event
            return ws_events.Pong(payload=b"")
        return _without_reason(event)

    def from_service(self, event: ws_events.Event) -> ws_events.Event:
        """What of the service's control frame goes on to the client."""
        if isinstance(event, ws_events.Ping):
            self.service_pings.append(bytes(event.payload))
        elif isinstance(event, ws_events.Pong) and not event.payload and self.withheld:
            return ws_events.Pong(payload=self.withheld.popleft())
        return _without_reason(event)


def _without_reason(event: ws_events.Event) -> ws_events.Event:
    if isinstance(event, ws_events.CloseConnection) and event.reason:
        return ws_events.CloseConnection(code=event.code, reason=None)
    return event


def _filtered(connection: Any, original: Iterator[ws_events.Event]) -> Iterator[ws_events.Event]:
    control: ControlFrames = getattr(connection, "garde_control", None) or ControlFrames()
    # mitmproxy is the wsproto *server* of the connection that faces the client.
    facing_client = not connection.client
    for event in original:
        yield control.from_client(event) if facing_client else control.from_service(event)


def install() -> None:
    """Patch mitmproxy's WebSocket relay once (see the module docstring)."""
    global _installed
    if _installed:
        return
    events: Callable[[Any], Iterator[ws_events.Event]] = ws_layer.WebsocketConnection.events
    start: Callable[[Any, Any], Generator[Any, Any, None]] = ws_layer.WebsocketLayer.start

    def filtered_events(self: Any) -> Iterator[ws_events.Event]:
        return _filtered(self, events(self))

    def linked_start(self: Any, event: Any) -> Generator[Any, Any, None]:
        yield from start(self, event)  # checks the event type; creates client_ws and server_ws
        control = ControlFrames()
        self.client_ws.garde_control = control
        self.server_ws.garde_control = control

    ws_layer.WebsocketConnection.events = filtered_events  # type: ignore[method-assign]
    ws_layer.WebsocketLayer.start = linked_start  # type: ignore[method-assign]
    ws_layer.WebsocketLayer._handle_event = (
        linked_start  # the first handler, bound at class creation
    )
    _installed = True
