"""One model per device, for real: ``garde-ia run`` answers the local pages' checks; stopped, they say so."""

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from proxy.inspection.check_service import DISCOVERY_FILE
from tests.support.net import free_port
from tests.support.web import Running
from tray.supervisor import port_answers

pytestmark = pytest.mark.spacy_model


@pytest.fixture
def real_guard(garde_ia_home: Path) -> Iterator[subprocess.Popen[bytes]]:
    garde_ia_home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    guard = subprocess.Popen(
        [sys.executable, "-m", "proxy", "run", "--listen-port", str(port)],
        env={**os.environ, "GARDE_IA_HOME": str(garde_ia_home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 180
    while not (
        (garde_ia_home / DISCOVERY_FILE).exists() and port_answers(port)
    ):  # running, SIGTERM handled
        assert guard.poll() is None and time.monotonic() < deadline, "the guard did not start"
        time.sleep(0.3)
    yield guard
    if guard.poll() is None:
        guard.terminate()
        guard.wait(30)


def test_the_pages_check_with_the_guards_model_then_say_it_stopped(
    real_guard: subprocess.Popen[bytes],
    pages: Running,
    garde_ia_home: Path,
) -> None:
    announced = json.loads((garde_ia_home / DISCOVERY_FILE).read_text())
    assert (
        announced["pid"] == real_guard.pid
        and (garde_ia_home / DISCOVERY_FILE).stat().st_mode & 0o777 == 0o600
    )
    with pages.api() as client:
        answer = client.post(
            "/api/v1/check",
            json={"text": "Bonjour, je suis Marie Dupont, joignable au 06 12 34 56 78."},
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["action"] == "pseudonymize"
        assert {f["type"] for f in answer.json()["findings"]} >= {"PERSONNE", "TELEPHONE"}
        assert client.get("/api/v1/status").json()["scanner_loaded"] is False
        real_guard.terminate()
        assert real_guard.wait(30) == 0
        assert not (garde_ia_home / DISCOVERY_FILE).exists()  # withdrawn at a clean stop
        stopped = client.post("/api/v1/check", json={"text": "Bonjour"})
    assert stopped.status_code == 503 and stopped.json()["error"]["code"] == "guard_stopped"
