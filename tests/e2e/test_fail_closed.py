"""Fail-closed behaviour of the real proxy process (fake Guard, injected faults): nothing raw leaves."""

import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.guard import ProxyProcess, start_proxy
from tests.support.net import free_port
from tests.support.upstream import Upstream

CHAT = "https://api.openai.com/v1/chat/completions"
PROMPT = {
    "model": "m",
    "messages": [{"role": "user", "content": "Écris à Jean Dupont au sujet de la sortie."}],
}


def launch(
    tmp_path: Path, upstream: Upstream, test_ca: Path, fault: str, *extra: str
) -> ProxyProcess:
    port = free_port()
    sets = [item for option in extra for item in ("--set", option)]
    return start_proxy(
        tmp_path / f"home-{fault}",
        [sys.executable, "-m", "tests.support.launcher", str(port), fault, *sets],
        upstream.port,
        test_ca / "ca.pem",
        port,
    )


@pytest.fixture(scope="module")
def healthy(
    tmp_path_factory: pytest.TempPathFactory, upstream: Upstream, test_ca: Path
) -> Iterator[ProxyProcess]:
    proxy = launch(
        tmp_path_factory.mktemp("healthy"), upstream, test_ca, "none", "garde_max_body=100000"
    )
    yield proxy
    proxy.stop()


def assert_blocked(response: httpx.Response, upstream: Upstream) -> None:
    assert response.status_code in (403, 503), response.text
    assert response.headers["x-garde-ia"] == "blocked"
    assert "garde-ia" in response.json()["error"]["message"]
    assert upstream.received == []


def test_pseudonymizes_and_restores_with_the_healthy_proxy(
    healthy: ProxyProcess, fresh_upstream: Upstream
) -> None:
    with healthy.client(timeout=30) as c:
        response = c.post(CHAT, json=PROMPT)
    assert response.status_code == 200
    assert b"Dupont" not in fresh_upstream.bodies() and b"[PERSONNE_1]" in fresh_upstream.bodies()
    assert "Jean Dupont" in response.json()["choices"][0]["message"]["content"]


def test_blocks_sensitive_data_in_the_apis_error_format(
    healthy: ProxyProcess, fresh_upstream: Upstream
) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "Jean est séropositive."}]}
    with healthy.client(timeout=30) as c:
        response = c.post(CHAT, json=body)
    assert_blocked(response, fresh_upstream)
    message = response.json()["error"]["message"]
    assert "Pas de données sensibles sur une personne" in message and "santé" in message
    assert "séropositive" not in message  # the kind of data, never the data


@pytest.mark.parametrize(
    ("headers", "content"),
    [
        ({"content-encoding": "x-custom"}, json.dumps(PROMPT).encode()),  # unknown encoding
        ({"content-encoding": "gzip, br"}, gzip.compress(json.dumps(PROMPT).encode())),  # stacked
        ({"content-encoding": "gzip"}, b"\x1f\x8b not really gzip"),  # undecodable
        (
            {"content-encoding": "gzip"},
            gzip.compress(b'{"prompt": "' + b" " * 5_000_000 + b'"}'),
        ),  # bomb
        (
            {},
            b'{"messages": [{"role": "user", "content": "' + b"x" * 200_000 + b'"}]}',
        ),  # over the size limit
        ({}, b'{"messages": [{"role": "user", "content": "Jean \xff\xfe"}]}'),  # invalid UTF-8
        ({}, b'{"messages": [{"role": "user", "content": "Jean'),  # malformed JSON
    ],
    ids=[
        "unknown-encoding",
        "stacked-encoding",
        "corrupt-gzip",
        "decompression-bomb",
        "too-large",
        "invalid-utf8",
        "malformed-json",
    ],
)
def test_unreadable_prompts_are_blocked(
    healthy: ProxyProcess, fresh_upstream: Upstream, headers: dict[str, str], content: bytes
) -> None:
    with healthy.client(timeout=30) as c:
        response = c.post(
            CHAT, content=content, headers={"content-type": "application/json", **headers}
        )
    assert_blocked(response, fresh_upstream)


def test_malformed_multipart_upload_is_blocked(
    healthy: ProxyProcess, fresh_upstream: Upstream
) -> None:
    with healthy.client(timeout=30) as c:
        response = c.post(
            "https://api.openai.com/v1/files",
            content=b'--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nJean',
            headers={"content-type": "multipart/form-data; boundary=b"},
        )
    assert_blocked(response, fresh_upstream)


@pytest.mark.parametrize("fault", ["raise", "hang", "addon"])
def test_faults_block_instead_of_forwarding(
    tmp_path: Path, upstream: Upstream, test_ca: Path, fault: str
) -> None:
    upstream.received.clear()
    proxy = launch(tmp_path, upstream, test_ca, fault, "garde_check_timeout=1")
    try:
        with proxy.client(timeout=30) as c:
            response = c.post(CHAT, json=PROMPT)
        assert response.status_code in (403, 503)
        assert response.headers["x-garde-ia"] == "blocked"
        assert upstream.received == []
    finally:
        proxy.stop()


def test_a_crashing_router_still_leaves_nothing_raw(
    tmp_path: Path, upstream: Upstream, test_ca: Path
) -> None:
    upstream.received.clear()
    proxy = launch(tmp_path, upstream, test_ca, "router")
    try:
        with proxy.client(timeout=30) as c:
            response = c.post(CHAT, json=PROMPT)
            sensitive = c.post(
                CHAT, json={"messages": [{"role": "user", "content": "Jean est séropositive."}]}
            )
        # The gate classified the request again and denied it by default; the charter check then ran.
        assert response.status_code == 200 and b"Dupont" not in upstream.bodies()
        assert sensitive.headers["x-garde-ia"] == "blocked" and b"positive" not in upstream.bodies()
    finally:
        proxy.stop()


def test_refuses_to_start_with_request_streaming(
    tmp_path: Path, upstream: Upstream, test_ca: Path
) -> None:
    with pytest.raises(RuntimeError, match="stream_large_bodies"):
        launch(tmp_path, upstream, test_ca, "none", "stream_large_bodies=1k")
