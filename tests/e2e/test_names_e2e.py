"""Issue 11, family 3 on the real process: the name decrypted is the name classified.

A client that opens ``CONNECT localhost`` (or an IP) and then speaks TLS to ``api.openai.com`` used
to be decrypted (the SNI is catalogued) and forwarded unchecked (the target is not). Upstream
verification is switched off here (``ssl_insecure``) so the fake service stands in for the tool
under any name, as DNS tricks or a hosts file would make it.
"""

import json
import socket
import ssl

import pytest

from tests.support.guard import LaunchGuard, ProxyProcess
from tests.support.upstream import Upstream

BODY = json.dumps(
    {"model": "m", "messages": [{"role": "user", "content": "Jean Dupont est séropositive."}]}
).encode()


@pytest.fixture(scope="module")
def proxy(launch_guard: LaunchGuard, upstream: Upstream) -> ProxyProcess:
    return launch_guard("names", upstream.port, args=["--set", "ssl_insecure=true"], launcher=True)


def exchange(proxy: ProxyProcess, target: str, sni: str, host_header: str) -> bytes:
    """CONNECT to ``target``, TLS with ``sni``, one POST with ``host_header``; the raw answer."""
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=20) as raw:
        raw.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode())
        assert b" 200 " in raw.recv(1024)
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        try:
            with context.wrap_socket(raw, server_hostname=sni) as tls:
                tls.sendall(
                    f"POST /v1/chat/completions HTTP/1.1\r\nHost: {host_header}\r\ncontent-type: application/json\r\n"
                    f"content-length: {len(BODY)}\r\nconnection: close\r\n\r\n".encode()
                    + BODY
                )
                answer = b""
                while chunk := tls.recv(65536):
                    answer += chunk
                return answer
        except (ssl.SSLError, OSError):
            return (
                b""  # the connection was not decrypted (tunnelled to a name that does not resolve)
            )


def test_connect_to_another_name_than_the_sni_is_blocked(
    proxy: ProxyProcess, fresh_upstream: Upstream
) -> None:
    answer = exchange(proxy, f"localhost:{fresh_upstream.port}", "api.openai.com", "api.openai.com")
    assert answer.startswith(b"HTTP/1.1 421") and b"x-garde-ia: blocked" in answer.lower()
    assert fresh_upstream.received == []


def test_host_header_of_another_name_is_blocked(
    proxy: ProxyProcess, fresh_upstream: Upstream
) -> None:
    answer = exchange(
        proxy, "api.openai.com:443", "api.openai.com", f"localhost:{fresh_upstream.port}"
    )
    assert answer.startswith(b"HTTP/1.1 421")
    assert fresh_upstream.received == []


def test_a_trailing_dot_is_decrypted_and_checked(
    proxy: ProxyProcess, fresh_upstream: Upstream
) -> None:
    answer = exchange(proxy, "api.openai.com.:443", "api.openai.com.", "api.openai.com.")
    assert answer.startswith(b"HTTP/1.1 403") and b"x-garde-ia: blocked" in answer.lower()
    assert fresh_upstream.received == []


def test_no_log_line_quotes_a_request_mitmproxy_could_not_parse(proxy: ProxyProcess) -> None:
    """Family 7: mitmproxy prints the raw request line it could not parse; garde-ia scrubs it."""
    import time

    for line in (
        "GET http://api.openai.com/Jean Dupont est séropositive HTTP/1.1",
        "BROKEN Jean Dupont",
    ):
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=20) as raw:
            raw.sendall(f"{line}\r\nHost: api.openai.com\r\n\r\n".encode())
            raw.recv(4096)
    time.sleep(1)
    log = proxy.log.read_text(errors="replace")
    assert "Bad HTTP request line" in log  # the event is still logged…
    assert "Dupont" not in log  # …without what the request said
