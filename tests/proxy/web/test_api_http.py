"""The JSON API over real HTTP: token, origin and host checks, the scan contract, acknowledgements, reports."""

import json
from datetime import UTC, datetime, timedelta
from importlib import resources

import pytest

from proxy.storage.acknowledgements import acknowledgement_of
from proxy.storage.incidents import list_incidents
from proxy.usage.events import UsageRecord
from tests.support.web import Running

TOKEN = "X-Garde-IA-Token"


def _report(**override: object) -> dict[str, object]:
    body: dict[str, object] = {
        "tool_id": "le_chat",
        "happened_at": (datetime.now(UTC) - timedelta(minutes=30)).isoformat(),
        "data_categories": ["social"],
        "minors": "oui",
        "approx_people": 3,
        "facts": "J'ai envoyé la liste d'un atelier avec la situation familiale des participants.",
    }
    body.update(override)
    return body


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/status", None),
        ("POST", "/api/v1/check", {"text": "bonjour"}),
        ("POST", "/api/v1/charter/acknowledge", {"version": "2026-03"}),
        ("POST", "/api/v1/incidents", _report()),
    ],
)
@pytest.mark.parametrize("token", [None, "wrong", ""])
def test_missing_or_wrong_token_is_refused_and_changes_nothing(
    running: Running, method: str, path: str, body: object, token: str | None
) -> None:
    headers = {TOKEN: token} if token is not None else {}
    with running.client(**headers) as client:
        answer = client.request(method, path, json=body)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "bad_token"
    assert "Jeton" in answer.json()["error"]["message"]
    assert acknowledgement_of(running.context.engine, "dev-test", "2026-03") is None
    assert list_incidents(running.context.engine) == ()


def test_cross_origin_request_is_refused_even_with_the_token(running: Running) -> None:
    with running.api() as client:
        answer = client.post(
            "/api/v1/charter/acknowledge",
            json={"version": "2026-03"},
            headers={"Origin": "https://chatgpt.com"},
        )
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "foreign_origin"
    assert not [h for h in answer.headers if h.lower().startswith("access-control-")]
    assert acknowledgement_of(running.context.engine, "dev-test", "2026-03") is None


def test_wrong_host_is_refused(running: Running) -> None:
    with running.api() as client:
        answer = client.get("/api/v1/status", headers={"Host": "garde-ia.evil.example"})
    assert answer.status_code == 421


def test_status_and_acknowledgement(running: Running) -> None:
    with running.api() as client:
        before = client.get("/api/v1/status").json()
        assert before["charter"] == {
            "title": running.context.policy.charter.title,
            "version": "2026-03",
            "acknowledged": False,
            "acknowledged_at": None,
        }
        assert before["guard"] == "stopped"
        stale = client.post("/api/v1/charter/acknowledge", json={"version": "2025-01"})
        assert stale.status_code == 409 and stale.json()["error"]["current_version"] == "2026-03"
        done = client.post("/api/v1/charter/acknowledge", json={"version": "2026-03"})
        assert done.status_code == 200
        after = client.get("/api/v1/status").json()
    assert after["charter"]["acknowledged"] is True
    assert after["charter"]["acknowledged_at"] == done.json()["acknowledged_at"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ("pas du json", 400, "bad_json"),
        ({"text": ""}, 400, "empty_text"),
        ({"texte": "x"}, 400, "empty_text"),
        ({"text": "x" * 20_001}, 413, "text_too_long"),
        ({"text": "x" * 70_000}, 413, "http_413"),
    ],
)
def test_check_rejects_bad_input_in_french(
    running: Running, body: object, status: int, code: str
) -> None:
    with running.api() as client:
        if isinstance(body, str):
            answer = client.post(
                "/api/v1/check", content=body, headers={"Content-Type": "application/json"}
            )
        else:
            answer = client.post("/api/v1/check", json=body)
    assert answer.status_code == status
    assert answer.json()["error"]["code"] == code


@pytest.mark.spacy_model
def test_check_gives_the_scan_contract(running: Running) -> None:
    with running.api() as client:
        answer = client.post(
            "/api/v1/check", json={"text": "Écris à Jeanne Dubois au 06 12 34 56 78."}
        )
    decision = answer.json()
    assert answer.status_code == 200
    assert set(decision) == {"action", "text", "findings", "categories", "reasons"}
    assert decision["action"] in ("pseudonymize", "block")
    assert "06 12 34 56 78" not in json.dumps(decision["text"])


def test_decisions_for_a_tool(running: Running) -> None:
    now = datetime.now(UTC)
    running.log.record_many(
        [
            UsageRecord(
                "chatgpt",
                "chatgpt.com",
                "prompt",
                "block",
                rule_ids=("donnees-sensibles",),
                categories=("sante",),
                occurred_at=now,
            ),
            UsageRecord(
                "chatgpt", "chatgpt.com", "prompt", "allow", occurred_at=now - timedelta(minutes=1)
            ),
            UsageRecord("le_chat", "chat.mistral.ai", "prompt", "pseudonymize", occurred_at=now),
        ]
    )
    with running.api() as client:
        answer = client.get("/api/v1/decisions", params={"tool": "chatgpt"})
        unknown = client.get("/api/v1/decisions", params={"tool": "nope"})
        bad_limit = client.get("/api/v1/decisions", params={"tool": "chatgpt", "limit": "1000"})
    decisions = answer.json()["decisions"]
    assert [d["action"] for d in decisions] == ["block", "allow"]
    assert decisions[0]["rules"] == ["donnees-sensibles"] and decisions[0]["categories"] == [
        "sante"
    ]
    assert unknown.status_code == 400 and bad_limit.status_code == 400


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"facts": ""}, "facts"),
        ({"approx_people": 0}, "approx_people"),
        ({"data_categories": []}, "data_categories"),
        ({"minors": "peut-être"}, "minors"),
        ({"happened_at": "hier"}, "happened_at"),
        ({"facts": "x" * 5000}, "facts"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_invalid_report_names_the_field_and_stores_nothing(
    running: Running, override: dict[str, object], field: str
) -> None:
    with running.api() as client:
        answer = client.post("/api/v1/incidents", json=_report(**override))
    assert answer.status_code == 400
    assert field in answer.json()["error"]["fields"]
    assert list_incidents(running.context.engine) == ()


@pytest.mark.spacy_model
def test_report_personal_data_needs_confirmation(running: Running) -> None:
    named = _report(
        facts="J'ai collé l'adresse de M. Karim Benali, 12 rue des Lilas à Lille, dans Le Chat."
    )
    with running.api() as client:
        refused = client.post("/api/v1/incidents", json=named)
        assert refused.status_code == 409 and refused.json()["error"]["kinds"]
        assert list_incidents(running.context.engine) == ()
        stored = client.post("/api/v1/incidents", json={**named, "confirm_personal_data": True})
        plain = client.post("/api/v1/incidents", json=_report())
    assert stored.status_code == 201 and plain.status_code == 201
    entry = list_incidents(running.context.engine, "open")
    assert len(entry) == 2
    assert (
        plain.json()["notification_deadline"]
        == [e for e in entry if e.id == plain.json()["id"]][0].notification_deadline.isoformat()
    )


def test_openapi_document_matches_the_routes(running: Running) -> None:
    saved = json.loads(resources.files("proxy.web").joinpath("openapi.json").read_text("utf-8"))
    with running.client() as client:
        served = client.get("/api/v1/openapi.json").json()
    assert served == saved and served["openapi"].startswith("3.")
    routes = {
        (rule.rule, method.lower())
        for rule in running.server.app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in rule.methods or ()
        if method not in ("HEAD", "OPTIONS")
    }
    documented = {(path, method) for path, item in served["paths"].items() for method in item}
    assert routes == documented
