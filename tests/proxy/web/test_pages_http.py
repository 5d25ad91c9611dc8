"""The local pages over real HTTP: charter acknowledgement, protections, report form validation."""

import html
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from proxy.storage.acknowledgements import acknowledgement_of
from proxy.storage.incidents import list_incidents
from tests.support.web import Running, form_token


def test_charter_page_names_the_version_and_acknowledging_records_it(running: Running) -> None:
    with running.client() as client:
        page = client.get("/charte")
        assert page.status_code == 200
        assert "version 2026-03" in html.unescape(
            page.text
        ).lower() or "Version 2026-03" in html.unescape(page.text)
        assert "pas encore confirmé" in html.unescape(page.text)
        answer = client.post(
            "/charte/accepter",
            data={"csrf_token": form_token(page.text)},
            headers={"Origin": running.url},
        )
        assert answer.status_code == 303
        found = acknowledgement_of(running.context.engine, "dev-test", "2026-03")
        assert found is not None
        again = client.get(answer.headers["location"])
        assert "Merci" in html.unescape(
            again.text
        ) and "Vous avez pris connaissance de la version 2026-03" in html.unescape(again.text)


@pytest.mark.parametrize(
    ("headers", "token", "status", "message"),
    [
        ({"Origin": "http://evil.example"}, "good", 403, "autre site"),  # a foreign page posting
        ({"Origin": "null"}, "good", 403, "autre site"),  # sandboxed or file:// page
        ({}, "good", 403, "d'où vient"),  # neither Origin nor Referer
        ({"Origin": "SELF"}, "forged", 403, "a expiré ou ne vient pas de garde-ia"),
        ({"Origin": "SELF"}, "", 403, "a expiré ou ne vient pas de garde-ia"),
    ],
)
def test_acknowledgement_refused_without_origin_and_token(
    running: Running, headers: dict[str, str], token: str, status: int, message: str
) -> None:
    headers = {k: (running.url if v == "SELF" else v) for k, v in headers.items()}
    with running.client() as client:
        good = form_token(client.get("/charte").text)
        value = {"good": good, "forged": good[:-3] + "abc", "": ""}[token]
        answer = client.post("/charte/accepter", data={"csrf_token": value}, headers=headers)
    assert answer.status_code == status
    assert message in html.unescape(answer.text)
    assert acknowledgement_of(running.context.engine, "dev-test", "2026-03") is None


def test_wrong_host_is_refused_dns_rebinding(running: Running) -> None:
    with running.client(Host="attacker.example:80") as client:
        answer = client.get("/charte")
    assert answer.status_code == 421
    assert "n'est pas celle de garde-ia" in html.unescape(answer.text)


def test_pages_send_no_cors_and_strict_headers(running: Running) -> None:
    with running.client(Origin=running.url) as client:
        page = client.get("/charte")
        preflight = client.options(
            "/api/v1/status", headers={"Access-Control-Request-Method": "GET"}
        )
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert not [h for h in page.headers if h.lower().startswith("access-control-")]
    assert not [h for h in preflight.headers if h.lower().startswith("access-control-")]
    assert preflight.status_code in (401, 405)


def test_secret_is_owner_only(running: Running, garde_ia_home: Path) -> None:  # type: ignore[no-untyped-def]
    mode = (garde_ia_home / "local-pages.secret").stat().st_mode & 0o777
    assert mode == 0o600


def _report(token: str, **override: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "csrf_token": token,
        "tool_id": "chatgpt",
        "recent": "autre",
        "happened_at": (datetime.now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "data_categories": ["sante", "identite"],
        "minors": "non",
        "approx_people": "1",
        "facts": "J'ai collé un compte rendu de réunion avec la situation de santé d'une personne accompagnée.",
        "measures_taken": "J'ai supprimé la conversation.",
    }
    fields.update(override)
    return fields


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"facts": ""}, "Ce qui s'est passé : à remplir"),
        ({"facts": "   "}, "Ce qui s'est passé : à remplir"),
        ({"facts": "x" * 4001}, "texte trop long"),
        ({"tool_id": ""}, "Outil : à remplir"),
        ({"data_categories": []}, "Types de données : cochez au moins une case"),
        ({"minors": "peut-être"}, "Mineur·e·s : choix inconnu"),
        ({"minors": ""}, "Mineur·e·s : à choisir"),
        ({"approx_people": "beaucoup"}, "un nombre entier est attendu"),
        ({"approx_people": "0"}, "nombre hors des limites"),
        (
            {"happened_at": ""},
            "Moment : à remplir : choisissez une demande récente ou indiquez la date et l'heure",
        ),
        (
            {"happened_at": "hier soir"},
            "Moment : date et heure illisibles : écrivez-les comme 02/12/2026 14:30",
        ),
        ({"happened_at": "31/02/2026 10:00"}, "Moment : date et heure illisibles"),
        ({"happened_at": "2099-01-01T10:00"}, "dans le futur"),
    ],
)
def test_bad_report_gives_french_message_and_stores_nothing(
    running: Running, override: dict[str, object], message: str
) -> None:
    with running.client(Origin=running.url) as client:
        token = form_token(client.get("/signaler").text)
        answer = client.post("/signaler", data=_report(token, **override))
    assert answer.status_code == 400
    assert "n'a pas été enregistré" in html.unescape(answer.text)
    assert message in html.unescape(answer.text)
    assert list_incidents(running.context.engine) == ()


def test_huge_report_is_refused_before_reading(running: Running) -> None:
    with running.client(Origin=running.url) as client:
        token = form_token(client.get("/signaler").text)
        answer = client.post("/signaler", data=_report(token, facts="x" * 200_000))
    assert answer.status_code == 413
    assert "trop volumineux" in html.unescape(answer.text)
    assert list_incidents(running.context.engine) == ()


def test_report_with_wrong_token_stores_nothing(running: Running) -> None:
    with running.client(Origin=running.url) as client:
        answer = client.post("/signaler", data=_report("not-a-token"))
    assert answer.status_code == 403
    assert list_incidents(running.context.engine) == ()


@pytest.mark.spacy_model
def test_report_is_stored_with_deadline_and_thanks(running: Running) -> None:
    with running.client(Origin=running.url) as client:
        token = form_token(client.get("/signaler").text)
        answer = client.post("/signaler", data=_report(token))
    assert answer.status_code == 200, answer.text
    assert "Merci pour votre signalement" in html.unescape(answer.text)
    (entry,) = list_incidents(running.context.engine)
    assert entry.status == "open" and entry.draft.tool_id == "chatgpt"
    assert entry.draft.data_categories == ("sante", "identite")
    assert entry.draft.minors_involved is False and entry.draft.approx_people == 1
    assert entry.notification_deadline - entry.draft.discovered_at == timedelta(hours=72)
    assert entry.notification_deadline.astimezone().strftime("%d/%m/%Y à %H:%M") in html.unescape(
        answer.text
    )


@pytest.mark.spacy_model
def test_report_naming_a_person_warns_first_then_stores_on_confirmation(running: Running) -> None:
    facts = "J'ai envoyé le dossier de Jeanne Dubois, joignable au 06 12 34 56 78, à ChatGPT."
    with running.client(Origin=running.url) as client:
        token = form_token(client.get("/signaler").text)
        warned = client.post("/signaler", data=_report(token, facts=facts))
        assert warned.status_code == 409
        assert "semble contenir des données personnelles" in html.unescape(warned.text)
        assert "Jeanne" in html.unescape(
            warned.text
        )  # the form keeps what the user typed, so they can edit it
        assert list_incidents(running.context.engine) == ()
        token = form_token(warned.text)
        stored = client.post(
            "/signaler", data=_report(token, facts=facts, confirm_personal_data="oui")
        )
    assert stored.status_code == 200
    assert len(list_incidents(running.context.engine)) == 1
