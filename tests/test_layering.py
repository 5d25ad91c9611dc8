"""Package boundaries: each import runs in a fresh interpreter and must not drag in forbidden modules."""

import subprocess
import sys

import pytest

CASES = [
    # the anonymizer is a pure library
    ("import anonymizer, anonymizer.engine, anonymizer.restore", ["mitmproxy", "sqlalchemy", "proxy", "addons", "tray"]),
    # reading the policy (what the tray and the CLI do) stays light
    ("import proxy.config.policy, proxy.config.paths, proxy.usage.events, proxy.cli.main", ["mitmproxy", "presidio_analyzer", "spacy", "sqlalchemy"]),
    # the tray and the local pages stay light (pystray's dummy backend: no display needed to import)
    ("import os; os.environ['PYSTRAY_BACKEND'] = 'dummy'; import tray.app, tray.controller, proxy.web.app, proxy.cli.tray",
     ["mitmproxy", "presidio_analyzer", "presidio_anonymizer", "spacy"]),
]


@pytest.mark.parametrize(("statement", "forbidden"), CASES)
def test_import_does_not_load(statement: str, forbidden: list[str]) -> None:
    probe = (
        f"import sys; {statement}; "
        f"loaded = [m for m in {forbidden!r} if m in sys.modules]; print(','.join(loaded))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "", f"{statement} loaded {done.stdout.strip()}"
