"""axe-core (Deque's accessibility engine) run inside the page in Debian's Chromium, and the width check.

axe-core's script comes from the ``axe-playwright-python`` package on PyPI (a dev dependency that
ships ``axe.min.js``): nothing is fetched at run time. Playwright's ``evaluate`` runs it through the
DevTools protocol, so the pages keep their strict Content-Security-Policy during the check.
"""

import functools
import json
from importlib import resources
from typing import Any

from playwright.sync_api import Page

from tests.support.paths import ARTIFACTS

PHONE = 390
DESKTOP = 1280
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
# WCAG 2.x A and AA, plus axe's best practices (landmarks, headings, region).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@functools.cache
def axe_script() -> str:
    """axe-core's script, as the PyPI package ships it."""
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (every impact)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())
    results: dict[str, Any] = page.evaluate(f"axe.run(document, {json.dumps(AXE_OPTIONS)})")
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def blocking(violations: list[dict[str, Any]]) -> list[str]:
    """Serious and critical violations, one readable line per element."""
    return [
        f"{v['impact']} {v['id']}: {v['help']} — {node['target']} {node.get('failureSummary', '')}"
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
        for node in v["nodes"]
    ]


def sideways_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scroll)."""
    overflow: int = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return overflow


def check_page(page: Page, name: str) -> list[str]:
    """At phone and desktop widths: screenshot, no sideways scroll, no serious or critical axe finding."""
    problems: list[str] = []
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (PHONE, DESKTOP):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        overflow = sideways_overflow(page)
        if overflow > 0:
            problems.append(f"{name} at {width} px: {overflow} px wider than the window")
        problems += [f"{name} at {width} px: {line}" for line in blocking(axe_violations(page))]
    return problems
