"""A watched tool the policy forbids: garde-ia answers with its page, never forwards, still counts."""

import html
import ssl
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.support.guard import ProxyProcess, guard_command
from tests.support.net import free_port
from tests.support.system import https_server, make_pki

pytestmark = pytest.mark.spacy_model

POLICY = """
[tools.status]
le_chat = "approved"

[watch]
hosts = { "localhost" = "Outil IA interdit", "127.0.0.1" = "Outil IA toléré" }
status = { "Outil IA interdit" = "forbidden", "Outil IA toléré" = "tolerated" }
"""


def test_a_forbidden_watched_tool_gets_the_page_and_a_tolerated_one_stays_tunnelled(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    policy = tmp_path / "politique.toml"
    policy.write_text(POLICY, "utf-8")
    pki = make_pki(tmp_path / "pki", ["localhost"], "AC du site lui-même")
    port = free_port()
    guard = ProxyProcess(guard_command(port, "--policy", str(policy)), home, port)
    try:
        with https_server("outil-ia", pki) as origin:
            trust_guard = ssl.create_default_context(cafile=str(guard.ca))
            with httpx.Client(proxy=guard.url, verify=trust_guard, timeout=30) as client:
                page = client.get(
                    f"https://localhost:{origin.port}/c?q=secret", headers={"accept": "text/html"}
                )
                api = client.post(
                    f"https://localhost:{origin.port}/api", json={"prompt": "bonjour"}
                )
            assert page.status_code == 403 and page.headers["x-garde-ia"] == "blocked"
            assert "Outil IA interdit n'est pas autorisé par votre association" in html.unescape(
                page.text
            )
            assert "Le Chat" in page.text  # the approved alternative is named
            assert api.status_code == 403
            assert origin.hosts == []  # nothing was forwarded
            # The tolerated one is still a tunnel: only the site's own CA is accepted.
            trust_origin = ssl.create_default_context(cafile=str(pki.ca))
            with httpx.Client(proxy=guard.url, verify=trust_origin, timeout=30) as client:
                assert "outil-ia" in client.get(f"https://127.0.0.1:{origin.port}/").text
            assert origin.hosts == [f"127.0.0.1:{origin.port}"]
    finally:
        guard.stop()
    engine = create_engine(f"sqlite:///{home / 'garde-ia.sqlite3'}")
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT tool_name, sightings FROM ai_host_sightings ORDER BY tool_name")
        ).all()
    engine.dispose()
    # one connection each (the two forbidden requests shared theirs): counted, never opened for content
    assert [tuple(r) for r in rows] == [("Outil IA interdit", 1), ("Outil IA toléré", 1)]
