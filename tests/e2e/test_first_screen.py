"""The first screen of the real ``garde-ia run``: what is protected, where, and what is left to do."""

import sys
import time
from pathlib import Path

import pytest

from proxy.config.catalog import load_catalog
from tests.support.guard import ProxyProcess
from tests.support.net import free_port

pytestmark = pytest.mark.spacy_model


def first_screen(home: Path, acknowledge: bool) -> str:
    port = free_port()
    guard = ProxyProcess(
        [sys.executable, "-m", "proxy", "run", "--listen-port", str(port)], home, port, acknowledge
    )
    try:
        deadline = time.monotonic() + 30
        while "Ctrl+C" not in guard.log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        screen = guard.log.read_text()
    finally:
        guard.stop()
    assert f"127.0.0.1:{port}" in screen and "Ctrl+C pour arrêter" in screen, screen
    assert "WARNING" not in screen and "Traceback" not in screen, screen
    return screen


def test_first_screen_says_what_is_protected_and_every_missing_step(tmp_path: Path) -> None:
    screen = first_screen(tmp_path / "home", acknowledge=False)
    assert f"garde-ia protège cet ordinateur : {len(load_catalog().tools)} outils d'IA" in screen
    assert "version 2026-03 (pas encore confirmée)" in screen
    assert "À faire :" in screen
    for step in ("garde-ia setup", "garde-ia charter accept", "garde-ia doctor"):
        assert step in screen


def test_first_screen_once_the_charter_is_acknowledged(tmp_path: Path) -> None:
    screen = first_screen(tmp_path / "home", acknowledge=True)
    assert "(confirmée sur cet appareil)" in screen
    assert "garde-ia charter accept" not in screen
    assert "garde-ia setup" in screen and "garde-ia doctor" in screen
