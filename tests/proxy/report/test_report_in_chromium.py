"""The HTML report as a referent reads it: Debian's Chromium at phone and desktop widths, and as a PDF.

Screenshots go to test-artifacts/ (report-390.png, report-1280.png) for a person to look at.
"""

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from proxy.config.policy import load_policy
from proxy.report.queries import build_report
from proxy.report.render_html import render_html
from proxy.storage.acknowledgements import acknowledge
from proxy.storage.incidents import IncidentDraft, report_incident
from proxy.storage.sightings import SightingKey
from proxy.storage.usage_log import UsageLog
from tests.support.chromium import headless_chromium
from tests.support.paths import ARTIFACTS
from tests.support.records import make_record

NOW = datetime.now(UTC)
TOOLS = ("le_chat", "chatgpt", "claude", "gemini", "copilot", "perplexity", "deepseek")

# Every visible text's rendered size, SVG text scaled by its chart's on-screen width.
SMALLEST_TEXT = """() => {
  const sizes = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!el.offsetParent && el.tagName !== 'text' && el.tagName !== 'tspan') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest('svg');
    if (svg) size = size * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    sizes.push(size);
  }
  return Math.min(...sizes);
}"""


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight weeks of a small association's use, written as the real report."""
    folder = tmp_path_factory.mktemp("report")
    log = UsageLog.open(f"sqlite:///{folder / 'usage.sqlite3'}")
    records = []
    for day in range(56):
        for n in range(day % 5 + 1):
            action = ("allow", "pseudonymize", "block")[(day + n) % 3]
            records.append(
                make_record(
                    tool_id=TOOLS[(day + n) % len(TOOLS)],
                    action=action,
                    occurred_at=NOW - timedelta(days=day, hours=n),
                    rule_ids=("donnees-sensibles",) if action == "block" else ("anonymisation",),
                    categories=("health",) if action == "block" else (),
                    entity_counts={"PERSONNE": 1, "TELEPHONE": 1},
                    device_id=f"appareil-{n}",
                )
            )
    log.record_many(records)
    log.record_sightings(
        {  # « IA fantôme »: watched tools outside the catalog, by week
            SightingKey.at(NOW - timedelta(days=day), host, name): 1 + day % 4
            for day in range(0, 56, 3)
            for host, name in (
                ("www.midjourney.com", "Midjourney"),
                ("elevenlabs.io", "ElevenLabs"),
                ("suno.com", "Suno"),
            )
        }
    )
    for n in range(3):
        acknowledge(
            log.engine,
            f"appareil-{n}",
            load_policy().charter.version,
            at=NOW - timedelta(days=40 - 10 * n),
        )
    report_incident(
        log.engine,
        IncidentDraft(
            facts="Liste envoyée",
            discovered_at=NOW - timedelta(days=1),
            reporter_id="appareil-1",
            data_categories=("sante",),
            tool_id="chatgpt",
        ),
    )
    report = build_report(log.engine, load_policy(), NOW - timedelta(days=60), NOW)
    log.close()
    page = folder / "rapport.html"
    page.write_text(render_html(report), encoding="utf-8")
    return page


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with headless_chromium() as launched:
        yield launched


@pytest.mark.parametrize("width", [390, 1280])
def test_report_is_readable_at_phone_and_desktop_widths(
    browser: Browser, report_file: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(report_file.as_uri())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-{width}.png"), full_page=True)
    assert (
        page.evaluate("document.documentElement.scrollWidth") <= width
    )  # nothing scrolls sideways
    assert page.evaluate(SMALLEST_TEXT) >= 12
    text = page.inner_text("body")
    for internal in ("PERSONNE", "TELEPHONE", "donnees-sensibles", "le_chat", "sante"):
        assert internal not in text, internal
    for human in (
        "nom de personne",
        "numéro de téléphone",
        "Pas de données sensibles sur une personne",
        "Le Chat",
        "Santé",
    ):
        assert human in text, human
    context.close()


def test_report_as_pdf_for_the_board(tmp_path: Path) -> None:
    log = UsageLog.open()
    log.record_many(
        [
            make_record(occurred_at=NOW - timedelta(days=1)),
            make_record(action="block", occurred_at=NOW),
        ]
    )
    log.close()
    (tmp_path / "sortie").mkdir()
    out = tmp_path / "sortie" / "rapport.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "proxy", "report", "--format", "pdf", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 5_000
    leftovers = [p for p in out.parent.iterdir() if p != out]  # no temporary file left behind
    assert leftovers == []
    # poppler-utils (.ci/system-deps.sh) reads the text back: a real, readable document
    pdftotext = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    )
    assert "Rapport d'usage" in pdftotext.stdout and "Le Chat" in pdftotext.stdout


def test_pdf_needs_a_file() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "proxy", "report", "--format", "pdf"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "--out" in done.stderr and "Traceback" not in done.stderr
