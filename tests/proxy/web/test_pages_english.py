"""The local pages and API in English (Accept-Language, ?lang=en, the policy), French by default: real HTTP."""

import html
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from proxy.config.policy import OrganisationPolicy, build_policy
from proxy.storage import UsageLog
from proxy.storage.incidents import list_incidents
from proxy.web.scanner import LazyScanner
from tests.support.web import Running, form_token, start_pages, stop_pages

ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


def text_of(answer: httpx.Response) -> str:
    return html.unescape(answer.text)


# Starts a local server with the given policy.
Serve = Callable[[OrganisationPolicy], Running]


@pytest.fixture
def serve(garde_ia_home: Path, scanner: LazyScanner) -> Iterator[Serve]:
    """Start real local servers with a given policy; all stopped at the end."""
    started: list[Running] = []

    def start(policy: OrganisationPolicy) -> Running:
        started.append(start_pages(scanner, policy))
        return started[-1]

    yield start
    for running in started:
        stop_pages(running)


def test_french_by_default_with_a_link_to_english(running: Running) -> None:
    with running.client() as client:
        page = client.get("/")
    assert page.status_code == 200 and '<html lang="fr">' in page.text
    assert "garde-ia veille sur vos échanges avec l'IA" in text_of(page)
    assert 'id="language-switch" href="/?lang=en"' in page.text and ">English</a>" in page.text


def test_english_browser_gets_english_pages(running: Running) -> None:
    with running.client(**ENGLISH) as client:
        home, charter, activity = client.get("/"), client.get("/charte"), client.get("/activite")
    assert (
        '<html lang="en">' in home.text
        and "garde-ia looks after your exchanges with AI" in text_of(home)
    )
    assert "Report a mistake" in text_of(home) and "Signaler une erreur" not in text_of(home)
    assert 'href="/?lang=fr"' in home.text and ">Français</a>" in home.text
    page = text_of(charter)
    assert "You have not confirmed this version yet." in page
    assert "I have read the charter and I commit to following it" in page
    # the charter's own words stay French, said so
    assert (
        "(in French)" in page
        and "Protection des données" in page
        and '<div lang="fr">' in charter.text
    )
    assert "What garde-ia did for me (last 7 days)" in text_of(activity)


def test_french_browser_stays_french(running: Running) -> None:
    with running.client(**{"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8"}) as client:
        assert "Vous n'avez pas encore confirmé cette version." in text_of(client.get("/charte"))


def test_the_switch_link_is_remembered_across_pages(running: Running) -> None:
    with running.client(**{"Accept-Language": "fr-FR"}) as client:
        switched = client.get("/mentions", params={"lang": "en"})
        assert "Before using AI" in text_of(switched) and "Idea" in text_of(switched)
        assert "garde_ia_lang=en" in switched.headers["set-cookie"]
        assert "SameSite=Strict" in switched.headers["set-cookie"]
        assert "Report a mistake" in text_of(client.get("/signaler"))  # cookie kept by the client
        back = client.get("/signaler", params={"lang": "fr"})
        assert "Signaler une erreur" in text_of(back)
        assert "Quel outil ?" in text_of(client.get("/signaler"))


def test_report_form_validation_messages_in_english(running: Running) -> None:
    with running.client(**ENGLISH) as client:
        form = client.get("/signaler")
        answer = client.post(
            "/signaler",
            headers={"Origin": running.url},
            data={"csrf_token": form_token(form.text), "approx_people": "zero", "recent": "autre"},
        )
    assert answer.status_code == 400
    page = text_of(answer)
    assert "The report was not saved." in page
    assert "Tool: required" in page and "Number of people: a whole number is expected" in page
    assert "à remplir" not in page
    assert list_incidents(running.context.engine) == ()


def test_refusals_and_errors_in_english(running: Running) -> None:
    with running.client(**ENGLISH, Origin="http://evil.example") as client:
        foreign = client.post("/charte/accepter", data={"csrf_token": "x"})
    assert (
        foreign.status_code == 403
        and "Request from another site: refused by garde-ia." in text_of(foreign)
    )
    with running.client(**ENGLISH) as client:
        missing = client.get("/nowhere")
    assert missing.status_code == 404 and "This page does not exist." in text_of(missing)
    with running.client() as client:
        assert "Cette page n'existe pas." in text_of(client.get("/nowhere"))


def test_api_errors_follow_accept_language(running: Running) -> None:
    with running.api() as api:
        english = api.post("/api/v1/check", json={"text": " "}, headers=ENGLISH)
        french = api.post("/api/v1/check", json={"text": " "})
        report = api.post("/api/v1/incidents", json={"tool_id": "chatgpt"}, headers=ENGLISH)
        version = api.post(
            "/api/v1/charter/acknowledge", json={"version": "1999"}, params={"lang": "en"}
        )
    assert english.json()["error"] == {
        "code": "empty_text",
        "message": "The “text” field must hold the text to check.",
    }
    assert (
        french.json()["error"]["message"] == "Le champ « text » doit contenir le texte à vérifier."
    )
    assert report.status_code == 400 and report.json()["error"]["fields"]["facts"] == "required"
    assert "When: required" in report.json()["error"]["message"]
    assert (
        version.json()["error"]["message"]
        == "The charter in force is version 2026-03: please read it again before confirming."
    )
    with httpx.Client(base_url=running.url, headers=ENGLISH) as anonymous:
        refused = anonymous.get("/api/v1/status")
    assert refused.status_code == 401 and refused.json()["error"]["message"].startswith(
        "Access token missing"
    )


def test_gate_preview_in_english(running: Running) -> None:
    with running.client(**ENGLISH) as client:
        page = client.get("/charte/porte", params={"outil": "chatgpt"})
    assert '<html lang="en">' in page.text
    assert "One moment before using ChatGPT: your association's AI charter" in text_of(page)
    assert "Summary of the charter (in French):" in text_of(
        page
    ) and "Protection des données" in text_of(page)
    assert "Read the charter and confirm" in text_of(page)


def test_policy_language_english_without_browser_preference(serve: Serve) -> None:
    running = serve(build_policy({"interface": {"language": "en"}}, "test"))
    with running.client() as client:
        assert "Report a mistake" in text_of(client.get("/"))
    with running.client(**{"Accept-Language": "fr"}) as client:
        assert "Signaler une erreur" in text_of(client.get("/"))


def test_policy_may_ignore_the_browser_but_the_switch_still_works(serve: Serve) -> None:
    running = serve(build_policy({"interface": {"follow_browser": False}}, "test"))
    with running.client(**ENGLISH) as client:
        assert "garde-ia veille sur vos échanges avec l'IA" in text_of(client.get("/"))
        assert "garde-ia looks after your exchanges with AI" in text_of(
            client.get("/", params={"lang": "en"})
        )


def test_gate_for_the_proxy_follows_the_browser_and_the_policy(garde_ia_home: Path) -> None:
    from proxy.charter.gate import CharterGate

    log = UsageLog.open()
    try:
        gate = CharterGate(build_policy({}, "test"), log.engine, "http://127.0.0.1:8799/", "dev-a")
        assert gate.api_message("en-US,en;q=0.9") == (
            "garde-ia: before using an AI tool, please read the charter “Charte IA pour un usage éthique, "
            "responsable et solidaire” (version 2026-03) and confirm it at http://127.0.0.1:8799/charte"
        )
        assert gate.api_message().startswith("garde-ia : avant d'utiliser un outil d'IA")
        assert "One moment before using ChatGPT" in gate.page_html("ChatGPT", "en")
        assert "Un instant avant d'utiliser ChatGPT" in gate.page_html("ChatGPT")
        strict = CharterGate(
            build_policy({"interface": {"follow_browser": False}}, "test"),
            log.engine,
            "http://x/",
            "dev-a",
        )
        assert '<html lang="fr">' in strict.page_html("ChatGPT", "en")
    finally:
        log.close()
