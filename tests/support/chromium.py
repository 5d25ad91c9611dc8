"""Debian's Chromium driven by Playwright, as every browser test launches it (no browser download)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from tests.support.paths import ARTIFACTS

CHROMIUM = "/usr/bin/chromium"
# No background traffic: this machine's network is closed, and garde-ia's tests make no outside call.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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


def shot(page: Page, name: str, full_page: bool = True) -> None:
    """A screenshot in test-artifacts/ for a human to look at (the whole page unless told otherwise)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)
