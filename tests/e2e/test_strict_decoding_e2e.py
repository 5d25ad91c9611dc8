"""Issue 11, family 5 on the real process: a second gzip member or trailing bytes never pass unread."""

import gzip
import json

import httpx
import pytest

from tests.support.guard import LaunchGuard, ProxyProcess
from tests.support.upstream import Upstream

CHAT = "https://api.openai.com/v1/chat/completions"


@pytest.fixture(scope="module")
def proxy(launch_guard: LaunchGuard, upstream: Upstream) -> ProxyProcess:
    return launch_guard("decoding", upstream.port, launcher=True)


def post(proxy: ProxyProcess, raw: bytes) -> httpx.Response:
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
        return client.post(
            CHAT,
            content=raw,
            headers={"content-type": "application/json", "content-encoding": "gzip"},
        )


def test_a_second_gzip_member_is_read(proxy: ProxyProcess, fresh_upstream: Upstream) -> None:
    first = json.dumps(
        {"model": "m", "messages": [{"role": "user", "content": "Bonjour"}]}
    ).encode()
    raw = gzip.compress(first) + gzip.compress("\nJean Dupont est séropositive.".encode())
    response = post(proxy, raw)
    assert response.headers.get("x-garde-ia") == "blocked"
    assert fresh_upstream.received == []


def test_bytes_after_the_gzip_stream_are_refused(
    proxy: ProxyProcess, fresh_upstream: Upstream
) -> None:
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": "Bonjour"}]}).encode()
    response = post(proxy, gzip.compress(body) + "Jean Dupont est séropositive.".encode())
    assert response.headers.get("x-garde-ia") == "blocked"
    assert fresh_upstream.received == []
