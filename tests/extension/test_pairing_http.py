"""Pairing the browser extension over HTTP: only an extension's origin can ask, only the person can approve, only the requester gets the token."""

import stat
from pathlib import Path

import httpx
import pytest

from proxy.web.pairing import PAIRED_FILE, is_extension_origin
from tests.support.web import Running, form_token

EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
OTHER_EXTENSION = "moz-extension://0b1c2d3e-aaaa-bbbb-cccc-111122223333"


def ask(running: Running, origin: str | None = EXTENSION) -> httpx.Response:
    headers = {"Origin": origin} if origin else {}
    return running.client(**headers).post("/api/v1/pairing/request", json={})


def approve(running: Running, request_id: str) -> httpx.Response:
    page = running.client().get(f"/extension/associer?demande={request_id}")
    assert page.status_code == 200
    return running.client(Origin=running.url).post(
        "/extension/associer", data={"csrf_token": form_token(page.text), "demande": request_id}
    )


def claim(running: Running, asked: dict[str, str], origin: str = EXTENSION) -> httpx.Response:
    return running.client(Origin=origin).post(
        "/api/v1/pairing/claim", json={"request": asked["request"], "claim": asked["claim"]}
    )


def test_extension_origins_only() -> None:
    assert is_extension_origin(EXTENSION) and is_extension_origin(OTHER_EXTENSION)
    for origin in (
        None,
        "",
        "null",
        "https://chatgpt.com",
        "http://127.0.0.1:8799",
        "chrome-extension://",
        "chrome-extension://x/y",
    ):
        assert not is_extension_origin(origin)


@pytest.mark.parametrize("origin", [None, "https://evil.example", "null", "http://localhost:1"])
def test_a_web_page_or_a_bare_client_cannot_ask(running: Running, origin: str | None) -> None:
    answer = ask(running, origin)
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "foreign_origin"
    assert "access-control-allow-origin" not in answer.headers


def test_wrong_host_refused(running: Running) -> None:
    answer = running.client(Origin=EXTENSION, Host="evil.example").post(
        "/api/v1/pairing/request", json={}
    )
    assert answer.status_code == 421


def test_full_pairing_then_the_origin_is_accepted(running: Running, garde_ia_home: Path) -> None:  # type: ignore[no-untyped-def]
    token = running.context.tokens.api_token
    before = running.client(Origin=EXTENSION, **{"X-Garde-IA-Token": token}).get("/api/v1/status")
    assert (
        before.status_code == 403
    )  # not paired yet: the token alone is not enough from that origin
    answer = ask(running)
    assert answer.status_code == 201
    asked = answer.json()
    assert token not in answer.text
    assert asked["page"] == f"/extension/associer?demande={asked['request']}"
    page = running.client().get(asked["page"])
    assert asked["code"] in page.text and EXTENSION in page.text
    assert claim(running, asked).status_code == 202  # waiting for the person
    assert (
        claim(running, asked, OTHER_EXTENSION).status_code == 404
    )  # another extension cannot collect it
    done = approve(running, asked["request"])
    assert done.status_code == 200 and 'id="paired"' in done.text
    wrong = running.client(Origin=EXTENSION).post(
        "/api/v1/pairing/claim", json={"request": asked["request"], "claim": "x" * 43}
    )
    assert wrong.status_code == 404
    collected = claim(running, asked)
    assert collected.status_code == 200
    assert collected.json() == {"status": "paired", "token": token}
    assert claim(running, asked).status_code == 404  # used up
    paired = running.client(Origin=EXTENSION, **{"X-Garde-IA-Token": token})
    assert paired.get("/api/v1/status").status_code == 200
    assert (
        running.client(Origin=OTHER_EXTENSION, **{"X-Garde-IA-Token": token})
        .get("/api/v1/status")
        .status_code
        == 403
    )
    assert (
        running.client(Origin=EXTENSION).get("/api/v1/status").status_code == 401
    )  # still needs the token
    info = paired.get("/api/v1/extension/outil", params={"host": "chat.mistral.ai"}).json()
    assert info["tool"] == {
        "id": "le_chat",
        "name": "Le Chat",
        "vendor": "Mistral AI",
        "country": "FR",
        "eu": True,
        "open_weights": True,
        "status": "approved",
    }
    assert info["rules"]["donnees-sensibles"]["advice"].startswith("Retirez")
    assert (
        paired.get("/api/v1/extension/outil", params={"host": "example.org"}).json()["tool"] is None
    )
    stored = garde_ia_home / PAIRED_FILE
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert EXTENSION in stored.read_text()
    # the person removes it on the page: refused again
    page = running.client().get("/extension/associer")
    removed = running.client(Origin=running.url).post(
        "/extension/associer",
        data={"csrf_token": form_token(page.text), "action": "retirer", "origin": EXTENSION},
    )
    assert removed.status_code == 303
    assert paired.get("/api/v1/status").status_code == 403
    assert EXTENSION not in stored.read_text()


def test_approval_needs_the_page_form(running: Running) -> None:
    asked = ask(running).json()
    # a foreign page posting the form: refused by the Origin check; without a CSRF token: refused too
    assert (
        running.client(Origin="https://evil.example")
        .post("/extension/associer", data={"demande": asked["request"]})
        .status_code
        == 403
    )
    assert (
        running.client(Origin=running.url)
        .post("/extension/associer", data={"demande": asked["request"]})
        .status_code
        == 403
    )
    assert claim(running, asked).status_code == 202
    token = form_token(running.client().get("/charte").text)
    expired = running.client(Origin=running.url).post(
        "/extension/associer", data={"csrf_token": token, "demande": "nope"}
    )
    assert expired.status_code == 410
    assert 'id="expired"' in expired.text


def test_pairing_calls_are_not_the_token(running: Running) -> None:
    # the pairing calls work without the token, but no other API call does
    assert (
        running.client(Origin=EXTENSION).post("/api/v1/check", json={"text": "x"}).status_code
        == 403
    )
