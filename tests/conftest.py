"""Shared fixtures: every test gets its own GARDE_IA_HOME, so no test touches a real user directory."""

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def garde_ia_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "garde-ia-home"
    monkeypatch.setenv("GARDE_IA_HOME", str(home))
    yield home
