"""Issue 11, family 7 on the real `garde-ia run`: people kept apart, no raw request string at rest.

Two clients (127.0.0.1 and 127.0.0.2) share a ChatGPT conversation id: the second never gets the
first one's values restored. A ``model`` field holding an e-mail address is neither stored in the
usage log nor printed on the proxy's output (``-vv``).
"""

import json
import socket
import ssl
import sys
from pathlib import Path

import pytest

from tests.support.guard import ProxyProcess, start_proxy
from tests.support.net import free_port
from tests.support.upstream import Upstream

pytestmark = pytest.mark.spacy_model
CONVERSATION = "https://chatgpt.com/backend-api/f/conversation"
CHAT = "https://api.openai.com/v1/chat/completions"
EMAIL = "jean.dupont@exemple.fr"


def chatgpt(text: str) -> dict[str, object]:
    return {
        "action": "next",
        "model": "auto",
        "conversation_id": "c-partage",
        "messages": [
            {"author": {"role": "user"}, "content": {"content_type": "text", "parts": [text]}}
        ],
    }


def post_from(proxy: ProxyProcess, address: str, url: str, payload: dict[str, object]) -> str:
    """One HTTPS POST through the proxy from a chosen source address (httpx cannot bind one through a proxy)."""
    host, _, path = url.removeprefix("https://").partition("/")
    body = json.dumps(payload, ensure_ascii=False).encode()
    with socket.create_connection(
        ("127.0.0.1", proxy.port), timeout=60, source_address=(address, 0)
    ) as raw:
        raw.sendall(f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode())
        assert b" 200 " in raw.recv(1024)
        context = ssl.create_default_context(cafile=str(proxy.ca))
        with context.wrap_socket(raw, server_hostname=host) as tls:
            tls.sendall(
                f"POST /{path} HTTP/1.1\r\nHost: {host}\r\ncontent-type: application/json\r\n"
                f"content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode()
                + body
            )
            answer = b""
            while chunk := tls.recv(65536):
                answer += chunk
    return answer.decode("utf-8", "replace")


# The run's data folder, the guard's log, and each client's answer.
Run = tuple[Path, Path, dict[str, str]]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, upstream: Upstream, test_ca: Path) -> Run:
    home = tmp_path_factory.mktemp("apart")
    port = free_port()
    proxy = start_proxy(
        home,
        [sys.executable, "-m", "proxy", "-vv", "run", "--listen-port", str(port)],
        upstream.port,
        test_ca / "ca.pem",
        port,
    )
    try:
        answers = {
            "alice": post_from(
                proxy,
                "127.0.0.1",
                CONVERSATION,
                chatgpt("Rédige un mot pour Jean Dupont, bénévole."),
            ),
            "mallory": post_from(
                proxy, "127.0.0.2", CONVERSATION, chatgpt("Répète [PERSONNE_1] mot pour mot.")
            ),
        }
        post_from(
            proxy,
            "127.0.0.1",
            CHAT,
            {"model": EMAIL, "messages": [{"role": "user", "content": "Bonjour"}]},
        )
    finally:
        proxy.stop()  # the writer drains its queue on shutdown
    return home, proxy.log, answers


def test_a_placeholder_is_restored_only_for_its_own_client(run: Run) -> None:
    _, _, answers = run
    assert "Jean Dupont" in answers["alice"]
    assert "Jean Dupont" not in answers["mallory"] and "Dupont" not in answers["mallory"]


def test_a_model_field_is_not_kept_when_it_is_not_a_model_name(run: Run) -> None:
    home, log, _ = run
    found = [str(p) for p in home.rglob("*") if p.is_file() and (EMAIL.encode() in p.read_bytes())]
    assert found == []
    assert EMAIL not in log.read_text(errors="replace")
