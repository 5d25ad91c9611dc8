"""Issue 11, family 6 on the real process: WebSocket ping payloads and close reasons never reach the service.

A client's ping reaches the service empty, and the client still gets its own payload back in the
pong (keep-alives match pongs by payload); a close reason is emptied (the code stays).
"""

import json
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.sync.client import ClientConnection, connect

from tests.e2e.ws_upstream import WsUpstream, start_ws_upstream
from tests.support.guard import LaunchGuard, ProxyProcess

COPILOT = "/c/api/chat?api-version=2&clientSessionId=s1"


@pytest.fixture(scope="module")
def ws_upstream(test_ca: Path) -> Iterator[WsUpstream]:
    upstream, server = start_ws_upstream(test_ca)
    yield upstream
    server.shutdown()


@pytest.fixture(scope="module")
def proxy(launch_guard: LaunchGuard, ws_upstream: WsUpstream) -> ProxyProcess:
    return launch_guard("ws-control", ws_upstream.port, ("copilot.microsoft.com",), launcher=True)


@pytest.fixture
def upstream(ws_upstream: WsUpstream) -> WsUpstream:
    ws_upstream.frames.clear()
    ws_upstream.control.clear()
    ws_upstream.paths.clear()
    return ws_upstream


def open_ws(proxy: ProxyProcess) -> ClientConnection:
    context = ssl.create_default_context(cafile=str(proxy.ca))
    return connect(
        f"wss://copilot.microsoft.com{COPILOT}",
        proxy=proxy.url,
        ssl=context,
        open_timeout=60,
        ping_interval=None,
    )


def sync(ws: ClientConnection) -> None:
    ws.send(json.dumps({"event": "ping"}))
    assert json.loads(ws.recv(timeout=30)) == {"event": "received"}


def test_a_ping_payload_never_reaches_the_service_and_the_pong_still_matches(
    proxy: ProxyProcess, upstream: WsUpstream
) -> None:
    with open_ws(proxy) as ws:
        pong = ws.ping(b"Jean Dupont 1 85 07 75 123 456 08")
        assert pong.wait(timeout=30)  # the client got its own payload back
        sync(ws)
    pings = [payload for kind, payload in upstream.control if kind == "PING"]
    assert pings == [b""]


def test_a_close_reason_never_reaches_the_service(
    proxy: ProxyProcess, upstream: WsUpstream
) -> None:
    with open_ws(proxy) as ws:
        sync(ws)
        ws.close(code=1000, reason="Jean Dupont est séropositive")
    deadline = time.monotonic() + 10
    while not any(kind == "CLOSE" for kind, _ in upstream.control) and time.monotonic() < deadline:
        time.sleep(0.1)
    closes = [payload for kind, payload in upstream.control if kind == "CLOSE"]
    assert closes and all(b"Dupont" not in c for c in closes)
    assert closes[0][:2] == (1000).to_bytes(2, "big")  # the code stays


def test_a_handshake_query_string_is_read(proxy: ProxyProcess, upstream: WsUpstream) -> None:
    """Family 1: the opening GET of a WebSocket is a request with a query string like any other."""
    from websockets.exceptions import InvalidStatus

    context = ssl.create_default_context(cafile=str(proxy.ca))
    with pytest.raises(InvalidStatus):
        connect(
            "wss://copilot.microsoft.com/c/api/chat?api-version=2&q=Jean+Dupont+est+s%C3%A9ropositive",
            proxy=proxy.url,
            ssl=context,
            open_timeout=60,
        )
    assert not any("Dupont" in path for path in upstream.paths)
