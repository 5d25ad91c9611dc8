"""« IA fantôme » on the real process: a watched tool outside the catalog is counted, never opened."""

import ssl
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from proxy.config.catalog import load_catalog
from proxy.config.watchlist import load_watchlist
from proxy.setup.pac import render_pac
from tests.support.csv_rows import csv_rows
from tests.support.guard import ProxyProcess, guard_command
from tests.support.net import free_port
from tests.support.paths import ROOT
from tests.support.system import https_server, make_pki

pytestmark = pytest.mark.spacy_model


def test_a_watched_tool_is_tunnelled_without_decryption_and_counted(tmp_path: Path) -> None:
    home = tmp_path / "home"
    policy = tmp_path / "politique.toml"
    policy.write_text('[watch]\nhosts = { "localhost" = "Outil IA de test" }\n', "utf-8")
    pki = make_pki(tmp_path / "pki", ["localhost"], "AC du site lui-même")
    port = free_port()
    guard = ProxyProcess(guard_command(port, "--policy", str(policy)), home, port)
    try:
        with https_server("outil-ia", pki) as origin:
            # Only the site's own CA is trusted: had garde-ia opened the tunnel, its certificate
            # (signed by garde-ia's CA) would be refused.
            trust_origin_only = ssl.create_default_context(cafile=str(pki.ca))
            with httpx.Client(proxy=guard.url, verify=trust_origin_only, timeout=30) as client:
                for _ in range(3):
                    answer = client.get(f"https://localhost:{origin.port}/conversation?q=secret")
                    assert answer.status_code == 200 and "outil-ia" in answer.text
            assert origin.hosts == [f"localhost:{origin.port}"] * 3
    finally:
        guard.stop()  # the background writer flushes its queue on the way out
    env = {"GARDE_IA_HOME": str(home), "PATH": str(Path(sys.executable).parent)}
    report = subprocess.run(
        [sys.executable, "-m", "proxy", "report", "--format", "csv", "--policy", str(policy)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    rows = [r for r in csv_rows(report.stdout) if r["rubrique"] == "outil hors catalogue"]
    assert [(r["outil"], r["élément"], r["valeur"]) for r in rows] == [
        ("Outil IA de test", "localhost", "3")
    ]
    database = (home / "garde-ia.sqlite3").read_bytes()
    assert (
        b"conversation" not in database and b"secret" not in database
    )  # the host only, never a path


def test_the_pac_file_sends_watched_tools_to_garde_ia_with_a_direct_fallback() -> None:
    pac = render_pac(load_catalog(), "127.0.0.1:8080", load_watchlist({"outil.example": "Outil"}))
    assert 'var WATCHED = "PROXY 127.0.0.1:8080; DIRECT";' in pac
    assert '"outil.example": 1' in pac and '"midjourney.com"' in pac
    assert (
        'var GARDE_IA = "PROXY 127.0.0.1:8080";' in pac
    )  # catalogued tools: no fallback (fail closed)
