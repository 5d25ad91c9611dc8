"""« IA fantôme » in a real browser: Chromium set up only with garde-ia's PAC, after ``garde-ia setup``.

A watched tool outside the catalog is served locally over TLS by its own origin, whose certificate
Chromium accepts only through the origin's SPKI pin. Tolerated, the tunnel must reach the origin
unopened — the page comes from the origin and the certificate Chromium saw is the origin's, not
one from garde-ia's CA (which setup made Chromium trust) — and be counted and reported. Forbidden,
Chromium must show garde-ia's readable page and the origin must receive nothing; with garde-ia
stopped, the PAC keeps the forbidden tool closed while the tolerated one goes direct.
"""

import base64
import hashlib
import os
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from playwright.sync_api import Error, sync_playwright
from sqlalchemy import create_engine, text

from proxy.setup.ca import CA_COMMON_NAME
from tests.support.chromium import CHROMIUM, FLAGS
from tests.support.guard import ProxyProcess
from tests.support.net import free_port
from tests.support.paths import ARTIFACTS, ROOT
from tests.support.system import garde_ia, https_server, local_pages, make_pki

pytestmark = [
    pytest.mark.spacy_model,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is needed (.ci/system-deps.sh)"
    ),
]

TOLERATED, FORBIDDEN = "outil-ia.test", "interdit-ia.test"
POLICY = f"""
[tools.status]
le_chat = "approved"

[watch]
hosts = {{ "{TOLERATED}" = "Outil IA de test", "{FORBIDDEN}" = "Outil IA interdit" }}
status = {{ "Outil IA interdit" = "forbidden" }}
"""


def spki_hash(certificate: Path) -> str:
    """What ``--ignore-certificate-errors-spki-list`` takes: base64 of the SPKI's SHA-256."""
    public_key = x509.load_pem_x509_certificate(certificate.read_bytes()).public_key()
    der = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


def test_chromium_reaches_a_tolerated_watched_tool_unopened_and_gets_the_page_for_a_forbidden_one(
    garde_ia_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_home = tmp_path / "volunteer"
    user_home.mkdir()
    policy = tmp_path / "politique.toml"
    policy.write_text(POLICY, "utf-8")
    monkeypatch.setenv(
        "GARDE_IA_POLICY_URL", str(policy)
    )  # the organisation's policy, for setup and the pages
    proxy_port = free_port()
    done = garde_ia(
        ["setup", "--no-system-store", "--proxy-port", str(proxy_port)], garde_ia_home, user_home
    )
    assert done.returncode == 0, done.stderr + done.stdout
    pki = make_pki(
        tmp_path / "origin", [TOLERATED, FORBIDDEN], "AC du site lui-même"
    )  # trusted by no one

    with (
        local_pages(proxy_port) as pages_url,
        https_server("outil IA (origine)", pki) as origin,
        https_server("outil interdit (origine)", pki) as forbidden_origin,
        https_server("accès direct", pki) as direct,
    ):
        monkeypatch.setenv(
            "GARDE_IA_TEST_RESOLVE",
            f"{TOLERATED}=127.0.0.1:{origin.port},{FORBIDDEN}=127.0.0.1:{forbidden_origin.port}",
        )
        stand_in = ROOT / "tests" / "e2e" / "resolve_stand_in.py"
        guard = ProxyProcess(
            [
                sys.executable,
                "-m",
                "proxy",
                "run",
                "--listen-port",
                str(proxy_port),
                "--policy",
                str(policy),
                "--set",
                f"scripts={stand_in}",
            ],
            garde_ia_home,
            proxy_port,
        )
        try:
            with sync_playwright() as playwright:
                # Had anything gone direct, Chromium's own resolver would have sent it to the decoy.
                rules = f"MAP {TOLERATED} 127.0.0.1:{direct.port}, MAP {FORBIDDEN} 127.0.0.1:{direct.port}"
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    headless=True,
                    env={**os.environ, "HOME": str(user_home)},
                    args=[
                        *FLAGS,
                        f"--proxy-pac-url={pages_url}/proxy.pac",
                        f"--host-resolver-rules={rules}",
                        f"--ignore-certificate-errors-spki-list={spki_hash(pki.leaf)}",
                    ],
                )
                try:
                    page = browser.new_page()
                    answer = page.goto(f"https://{TOLERATED}/conversation?q=secret")
                    assert answer is not None and answer.ok
                    assert page.inner_text("#who") == "outil IA (origine)"
                    seen = answer.security_details()
                    assert (
                        seen is not None and seen.get("issuer") == "AC du site lui-même"
                    )  # not garde-ia's CA
                    assert origin.hosts and set(origin.hosts) == {
                        TOLERATED
                    }  # the page (and its favicon)

                    page = browser.new_page()
                    refused = page.goto(f"https://{FORBIDDEN}/")
                    assert refused is not None and refused.status == 403
                    body = page.inner_text("body")
                    assert "Outil IA interdit n'est pas autorisé par votre association" in body
                    assert "Le Chat" in body  # the approved alternative
                    seen = refused.security_details()
                    assert (
                        seen is not None and seen.get("issuer") == CA_COMMON_NAME
                    )  # garde-ia answered
                    ARTIFACTS.mkdir(exist_ok=True)
                    page.screenshot(
                        path=str(ARTIFACTS / "outil-ia-interdit-chromium.png"), full_page=True
                    )
                    assert forbidden_origin.hosts == []  # nothing forwarded
                    assert direct.hosts == []

                    guard.stop()  # a stopped guard: the forbidden tool stays closed, the tolerated one goes direct
                    with pytest.raises(Error, match="ERR_PROXY_CONNECTION_FAILED"):
                        browser.new_page().goto(f"https://{FORBIDDEN}/")
                    page = browser.new_page()
                    page.goto(f"https://{TOLERATED}/")
                    assert page.inner_text("#who") == "accès direct"
                    assert FORBIDDEN not in direct.hosts
                finally:
                    browser.close()
        finally:
            guard.stop()

    engine = create_engine(f"sqlite:///{garde_ia_home / 'garde-ia.sqlite3'}")
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT host, tool_name FROM ai_host_sightings ORDER BY host")
        ).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        (FORBIDDEN, "Outil IA interdit"),
        (TOLERATED, "Outil IA de test"),
    ]
    database = (garde_ia_home / "garde-ia.sqlite3").read_bytes()
    assert b"conversation" not in database and b"secret" not in database
    report = garde_ia(["report", "--since", "7d"], garde_ia_home, user_home)
    assert report.returncode == 0, report.stderr
    assert "Outil IA de test" in report.stdout and "Outil IA interdit" in report.stdout
