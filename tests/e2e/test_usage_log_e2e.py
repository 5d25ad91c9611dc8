"""The usage log after real proxied requests: the right facts in SQLite, and no planted value anywhere on disk."""

import hashlib
import json
import ssl
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Row, select

from proxy.storage import UsageLog
from proxy.storage.engine import DEFAULT_DB_FILE, read_transaction
from proxy.storage.models import UsageEvent, UsageEventTag, table_of
from tests.support.guard import start_proxy
from tests.support.net import free_port
from tests.support.upstream import Upstream

pytestmark = pytest.mark.spacy_model
CHAT = "https://api.openai.com/v1/chat/completions"
PSEUDONYMIZED = (
    "Écris à Jean Dupont (jean.dupont@example.org, 06 12 34 56 78) pour le remercier de son aide."
)
BLOCKED = "Marie Durand est séropositive, écris à son employeur."
PLANTED = [
    "Jean Dupont",
    "Dupont",
    "jean.dupont@example.org",
    "06 12 34 56 78",
    "0612345678",
    "Marie Durand",
    "Durand",
    "séropositive",
    "employeur",
]


def body(text: str) -> bytes:
    return json.dumps(
        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]}
    ).encode()


def writings(value: str) -> list[bytes]:
    """The value as it could appear in a file: UTF-8, JSON-escaped, UTF-16, and its usual hashes."""
    forms = {value, value.lower(), json.dumps(value)[1:-1]}
    found = [f.encode() for f in forms] + [value.encode("utf-16-le")]
    for name in ("sha256", "sha1", "md5"):
        digest = hashlib.new(name, value.encode())
        found += [digest.hexdigest().encode(), digest.digest()]
    return found


@pytest.fixture
def run_requests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, upstream: Upstream, test_ca: Path
) -> tuple[Path, Path]:
    monkeypatch.delenv("GARDE_IA_DB", raising=False)  # the default: SQLite in GARDE_IA_HOME
    home = tmp_path / "home"
    port = free_port()
    proxy = start_proxy(
        home,
        [sys.executable, "-m", "proxy", "-vv", "run", "--listen-port", str(port)],
        upstream.port,
        test_ca / "ca.pem",
        port,
    )
    try:
        upstream.received.clear()
        with httpx.Client(
            proxy=proxy.url, verify=ssl.create_default_context(cafile=str(proxy.ca)), timeout=60
        ) as c:
            sent = c.post(
                CHAT, content=body(PSEUDONYMIZED), headers={"content-type": "application/json"}
            )
            stopped = c.post(
                CHAT, content=body(BLOCKED), headers={"content-type": "application/json"}
            )
    finally:
        proxy.stop()  # the writer drains its queue on shutdown
    assert (
        sent.status_code == 200 and "Jean Dupont" in sent.json()["choices"][0]["message"]["content"]
    )
    assert stopped.status_code == 403 and b"Durand" not in upstream.bodies()
    return home, proxy.log


def test_usage_rows_hold_the_facts_and_no_personal_value_is_on_disk(
    run_requests: tuple[Path, Path],
) -> None:
    home, log = run_requests
    database = home / DEFAULT_DB_FILE
    assert database.exists()
    usage_log = UsageLog.open(f"sqlite:///{database}")
    try:
        with read_transaction(usage_log.engine) as connection:
            events = {e.action: e for e in connection.execute(select(table_of(UsageEvent)))}
            tags = connection.execute(
                select(
                    UsageEventTag.event_id,
                    UsageEventTag.kind,
                    UsageEventTag.name,
                    UsageEventTag.count,
                )
            ).all()
        recent = {e.action: e for e in usage_log.recent_events()}
    finally:
        usage_log.close()

    assert set(events) == {"pseudonymize", "block"}
    ok, blocked = events["pseudonymize"], events["block"]
    for event in (ok, blocked):
        assert (event.tool_id, event.host, event.endpoint_kind, event.model) == (
            "openai_api",
            "api.openai.com",
            "prompt",
            "gpt-4o-mini",
        )
        assert event.duration_ms is not None and event.duration_ms >= 0
    assert ok.request_bytes == len(body(PSEUDONYMIZED)) and blocked.request_bytes == len(
        body(BLOCKED)
    )
    assert ok.response_bytes and ok.response_bytes > 0 and ok.provider == "openai"
    assert blocked.response_bytes and blocked.energy_kwh is None  # nothing was sent: no footprint

    def tags_of(event: Row[*tuple[Any, ...]], kind: str) -> dict[str, int]:
        return {
            name: count
            for event_id, k, name, count in tags
            if event_id == event.event_id and k == kind
        }

    assert tags_of(ok, "entity") == {"PERSONNE": 1, "EMAIL": 1, "TELEPHONE": 1}
    assert tags_of(ok, "rule") == {"anonymisation": 1} and tags_of(ok, "category") == {}
    assert "donnees-sensibles" in tags_of(blocked, "rule") and tags_of(blocked, "category") == {
        "health": 1
    }
    assert tags_of(blocked, "entity") == {"PERSONNE": 1}
    assert recent["block"].rule_ids == tuple(sorted(tags_of(blocked, "rule")))
    assert recent["pseudonymize"].tool_id == "openai_api"

    files = [
        p for p in home.rglob("*") if p.is_file() and p.parent.name != "mitmproxy"
    ]  # not the CA
    assert database in files and log in files and log.stat().st_size > 0
    for path in files:
        content = path.read_bytes()
        for value in PLANTED:
            for form in writings(value):
                assert form not in content, f"{value!r} found in {path.name}"


def test_writings_cover_what_a_leak_would_look_like() -> None:
    leak = json.dumps({"prompt": "Marie Durand est séropositive"}).encode()
    assert any(form in leak for form in writings("séropositive"))  # JSON-escaped: s\u00e9ropositive
    assert any(
        form in hashlib.sha256(b"Durand").hexdigest().encode() for form in writings("Durand")
    )
    assert not any(form in leak for form in writings("Jean Dupont"))
