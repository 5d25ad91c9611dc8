"""The real guard (`garde-ia run`, French model) driven by real clients through to local fake services."""

import socket
import ssl
from pathlib import Path

import anthropic
import openai
import pytest

from tests.support.guard import LaunchGuard, ProxyProcess
from tests.support.upstream import Upstream

pytestmark = pytest.mark.spacy_model
PROMPT = "Rédige un mot de remerciement pour Jean Dupont, bénévole depuis dix ans."


@pytest.fixture(scope="module")
def guard(launch_guard: LaunchGuard, upstream: Upstream) -> ProxyProcess:
    return launch_guard("guard", upstream.port)


def test_openai_sdk_streamed_answer_is_restored(
    guard: ProxyProcess, fresh_upstream: Upstream
) -> None:
    client = openai.OpenAI(api_key="sk-test", http_client=guard.client())  # type: ignore[arg-type]  # the openai SDK types http_client against httpx2; it takes an httpx client at run time
    stream = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": PROMPT}], stream=True
    )
    answer = "".join(chunk.choices[0].delta.content or "" for chunk in stream)
    sent = fresh_upstream.bodies()
    assert b"Dupont" not in sent and b"[PERSONNE_1]" in sent
    assert answer == "Voici le courrier pour Jean Dupont, bien cordialement."


def test_openai_sdk_plain_answer_is_restored(guard: ProxyProcess, fresh_upstream: Upstream) -> None:
    client = openai.OpenAI(api_key="sk-test", http_client=guard.client())  # type: ignore[arg-type]  # the openai SDK types http_client against httpx2; it takes an httpx client at run time
    completion = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": PROMPT}]
    )
    assert b"Dupont" not in fresh_upstream.bodies()
    assert "Jean Dupont" in (completion.choices[0].message.content or "")


def test_anthropic_sdk_stream_is_restored(guard: ProxyProcess, fresh_upstream: Upstream) -> None:
    import httpx2  # this anthropic SDK version is built on httpx2

    transport_client = httpx2.Client(
        proxy=guard.url, verify=ssl.create_default_context(cafile=str(guard.ca)), timeout=60
    )
    client = anthropic.Anthropic(api_key="sk-test", http_client=transport_client)
    with client.messages.stream(
        model="claude-sonnet-4-5", max_tokens=100, messages=[{"role": "user", "content": PROMPT}]
    ) as stream:
        text = "".join(stream.text_stream)
    assert b"Dupont" not in fresh_upstream.bodies()
    assert text == "Voici le courrier pour Jean Dupont, bien cordialement."


def test_sensitive_prompt_never_reaches_the_service(
    guard: ProxyProcess, fresh_upstream: Upstream
) -> None:
    client = openai.OpenAI(api_key="sk-test", http_client=guard.client(), max_retries=0)  # type: ignore[arg-type]  # the openai SDK types http_client against httpx2; it takes an httpx client at run time
    with pytest.raises(openai.PermissionDeniedError) as error:
        client.chat.completions.create(
            model="m",
            messages=[
                {"role": "user", "content": "Marie Durand est séropositive, écris à son employeur."}
            ],
        )
    assert fresh_upstream.received == []
    assert "Pas de données sensibles" in str(error.value) and "Durand" not in str(error.value)


def test_chatgpt_web_prompt_is_pseudonymized_and_navigation_block_is_a_french_page(
    guard: ProxyProcess, fresh_upstream: Upstream
) -> None:
    with guard.client() as c:
        body = {
            "action": "next",
            "model": "auto",
            "conversation_id": "c1",
            "messages": [
                {"author": {"role": "user"}, "content": {"content_type": "text", "parts": [PROMPT]}}
            ],
        }
        ok = c.post("https://chatgpt.com/backend-api/f/conversation", json=body)
        page = c.get(
            "https://chatgpt.com/backend-api/f/conversation", headers={"sec-fetch-dest": "document"}
        )
    assert ok.status_code == 200 and b"Dupont" not in fresh_upstream.bodies()
    assert page.status_code == 200  # a plain GET is not a payload: passed through


def test_uncatalogued_https_is_tunnelled_with_its_own_certificate(
    guard: ProxyProcess, upstream: Upstream, test_ca: Path
) -> None:
    with socket.create_connection(("127.0.0.1", guard.port)) as raw:
        raw.sendall(
            f"CONNECT localhost:{upstream.port} HTTP/1.1\r\nHost: localhost:{upstream.port}\r\n\r\n".encode()
        )
        assert b" 200 " in raw.recv(1024)
        context = ssl.create_default_context(
            cafile=str(test_ca / "ca.pem")
        )  # trusts only the test CA
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            certificate = tls.getpeercert()
    assert certificate is not None
    issuer = dict(item[0] for item in certificate["issuer"])  # type: ignore[misc]  # typeshed types every field of the certificate as one union
    assert issuer["commonName"] == "garde-ia test CA"


def test_doctor_reports_the_canary_blocked(guard: ProxyProcess) -> None:
    from proxy.doctor.canary import send_canary

    blocked, detail = send_canary(guard.url)
    assert blocked and "Règle de la charte" in detail
