"""One model per device: the local server's check API asks the running guard's endpoint over loopback."""

from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest

from anonymizer.decision import Decision, Finding, Reason
from proxy.inspection.check_service import (
    DISCOVERY_FILE,
    TOKEN_HEADER,
    GuardCheckServer,
    GuardStopped,
    SerializedChecker,
    ask_guard,
    guard_token,
)
from proxy.storage.incidents import list_incidents
from proxy.web.secret import Tokens, load_or_create_secret
from tests.support.web import Running, form_token

ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


class FakeGuard:
    """Stands for the anonymizer's Guard: "Dupont" is a name; counts its calls (no model loaded)."""

    def __init__(self) -> None:
        self.calls = 0

    def check_texts(self, texts: Sequence[str], vault: object = None) -> list[Decision]:
        self.calls += 1
        decisions = []
        for text in texts:
            at = text.find("Dupont")
            if at < 0:
                decisions.append(Decision("allow", text))
                continue
            reason = Reason(
                "anonymisation",
                "Anonymiser avant d'envoyer",
                "Donnée personnelle détectée : nom de personne.",
                "pseudonymize",
            )
            decisions.append(
                Decision(
                    "pseudonymize",
                    text.replace("Dupont", "[PERSONNE_1]"),
                    (Finding("PERSONNE", at, at + 6, 0.85),),
                    (),
                    (reason,),
                )
            )
        return decisions


@pytest.fixture
def guard(garde_ia_home: Path) -> Iterator[tuple[FakeGuard, GuardCheckServer]]:
    garde_ia_home.mkdir(parents=True, exist_ok=True)
    fake = FakeGuard()
    server = GuardCheckServer(SerializedChecker(fake), load_or_create_secret()).start()
    yield fake, server
    server.stop()


TEXT = "Bonjour, je suis Marie Dupont."


def test_the_check_api_answers_with_the_running_guards_decision(
    guard: tuple[FakeGuard, GuardCheckServer], pages: Running
) -> None:
    fake, _server = guard
    with pages.api() as client:
        answer = client.post("/api/v1/check", json={"text": TEXT})
        status = client.get("/api/v1/status").json()
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (
        body["action"] == "pseudonymize" and body["text"] == "Bonjour, je suis Marie [PERSONNE_1]."
    )
    assert body["findings"] == [{"type": "PERSONNE", "start": 23, "end": 29, "score": 0.85}]
    assert body["reasons"][0]["rule"] == "anonymisation"
    assert fake.calls == 1
    assert status["scanner_loaded"] is False  # no model in the pages' process


def test_guard_stopped_is_said_in_french_and_english(pages: Running, garde_ia_home: Path) -> None:
    with pages.api() as client:
        french = client.post("/api/v1/check", json={"text": TEXT})
    with pages.client(**{TOKEN_HEADER: pages.context.tokens.api_token}, **ENGLISH) as client:
        english = client.post("/api/v1/check", json={"text": TEXT})
    assert french.status_code == 503 and french.json()["error"]["code"] == "guard_stopped"
    assert french.json()["error"]["message"].startswith(
        "Garde-fou arrêté : garde-ia ne peut pas vérifier ce texte."
    )
    assert english.status_code == 503 and english.json()["error"]["message"].startswith(
        "Protection stopped"
    )
    (garde_ia_home / DISCOVERY_FILE).write_text(
        '{"port": 1, "pid": 1}'
    )  # a guard that died: nobody listens
    with pages.api() as client:
        assert client.post("/api/v1/check", json={"text": TEXT}).status_code == 503


def test_a_report_waits_for_the_guard_or_for_the_volunteers_confirmation(pages: Running) -> None:
    with pages.client(Origin=pages.url) as client:
        token = form_token(client.get("/signaler").text)
        fields = {
            "csrf_token": token,
            "tool_id": "chatgpt",
            "recent": "autre",
            "happened_at": "01/12/2026 10:00",
            "data_categories": ["identite"],
            "minors": "non",
            "approx_people": "1",
            "facts": "J'ai collé le nom d'une personne accompagnée.",
        }
        first = client.post("/signaler", data=fields)
        assert (
            first.status_code == 503
            and 'id="unchecked"' in first.text
            and "Garde-fou arrêté" in first.text
        )
        assert list_incidents(pages.context.engine) == ()
        confirmed = client.post(
            "/signaler",
            data={**fields, "csrf_token": form_token(first.text), "confirm_personal_data": "oui"},
        )
    assert confirmed.status_code == 200 and 'id="thanks"' in confirmed.text
    assert len(list_incidents(pages.context.engine)) == 1


def test_the_guards_endpoint_wants_the_token_and_nothing_else(
    guard: tuple[FakeGuard, GuardCheckServer],
) -> None:
    fake, server = guard
    url = f"http://127.0.0.1:{server.port}/check"
    right = guard_token(load_or_create_secret())
    assert httpx.post(url, json={"text": TEXT}).status_code == 401
    assert httpx.post(url, json={"text": TEXT}, headers={TOKEN_HEADER: "x" * 64}).status_code == 401
    api_token = Tokens(load_or_create_secret()).api_token  # the pages' API token is not the guard's
    assert (
        httpx.post(url, json={"text": TEXT}, headers={TOKEN_HEADER: api_token}).status_code == 401
    )
    assert (
        httpx.post(
            url, json={"text": TEXT}, headers={TOKEN_HEADER: right, "Origin": "http://evil.example"}
        ).status_code
        == 403
    )
    assert httpx.post(
        url, json={"text": "x" * 20_001}, headers={TOKEN_HEADER: right}
    ).status_code in (400, 413)
    assert httpx.get(url, headers={TOKEN_HEADER: right}).status_code == 405
    assert fake.calls == 0
    assert ask_guard(TEXT, load_or_create_secret())["action"] == "pseudonymize"


def test_the_discovery_file_is_owner_only_and_removed_at_stop(garde_ia_home: Path) -> None:
    garde_ia_home.mkdir(parents=True, exist_ok=True)
    server = GuardCheckServer(SerializedChecker(FakeGuard()), load_or_create_secret()).start()
    announced = garde_ia_home / DISCOVERY_FILE
    assert announced.stat().st_mode & 0o777 == 0o600
    server.stop()
    assert not announced.exists()
    with pytest.raises(GuardStopped):
        ask_guard(TEXT, load_or_create_secret())
