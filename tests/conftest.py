"""Shared fixtures: every test gets its own GARDE_IA_HOME, so no test touches a real user directory."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same examples every time and keeps no example database: a red run can be replayed,
# and a failure found once cannot come back on every later run of one clone only.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(autouse=True)
def garde_ia_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "garde-ia-home"
    monkeypatch.setenv("GARDE_IA_HOME", str(home))
    yield home
