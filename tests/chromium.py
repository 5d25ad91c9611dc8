"""Debian's Chromium driven by Playwright, as every browser test launches it (no browser download)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
# No background traffic: this machine's network is closed, and garde-ia's tests make no outside call.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@contextmanager
def headless_chromium() -> Iterator[Browser]:
    """A headless Debian Chromium for the duration of the block."""
    assert Path(CHROMIUM).exists(), "run .ci/system-deps.sh (Debian's chromium)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()
