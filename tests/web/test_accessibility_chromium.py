"""Every local page, in French and in English, checked by axe-core in Debian's Chromium at 390 and 1280 px.

Zero serious or critical accessibility findings, no sideways scroll on a phone, and screenshots of each
page at both widths in ``test-artifacts/`` (``<page>-<language>-<width>.png``).
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from anonymizer.decision import Decision, Finding
from proxy.config.catalog import load_catalog
from proxy.storage import UsageLog
from proxy.usage.events import UsageRecord
from proxy.web.build import port_probe
from proxy.web.context import WebContext
from proxy.web.protection import announce_tray
from proxy.web.scanner import LazyScanner, TextChecker
from proxy.web.secret import Tokens, load_or_create_secret
from proxy.web.server import LocalServer
from tests.chromium import headless_chromium
from tests.web.accessibility import check_page
from tests.web.conftest import POLICY, Running

LOCALES = {"fr": "fr-FR", "en": "en-GB"}


class NamesOnly:
    """A stand-in for the guard: "Dupont" is a person's name, everything else passes (no model to load)."""

    def check(self, text: str) -> Decision:
        at = text.find("Dupont")
        if at < 0:
            return Decision("allow", text)
        return Decision("pseudonymize", text.replace("Dupont", "[PERSONNE_1]"), (Finding("PERSONNE", at, at + 6, 0.9),))


def _names_only(_policy: object) -> TextChecker:
    return NamesOnly()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with headless_chromium() as launched:
        yield launched


@pytest.fixture
def busy(garde_ia_home: Path) -> Iterator[Running]:
    """A local server whose usage log has several requests in the same minute (to tell them apart)."""
    log = UsageLog.open()
    scanner = LazyScanner(POLICY.detection_policy, load=_names_only)
    context = WebContext(
        policy=POLICY, engine=log.engine, tokens=Tokens(load_or_create_secret()), scanner=scanner,
        tools={tool.id: tool.name for tool in load_catalog().tools}, subject_id="dev-test", guard_probe=port_probe(1),
    )
    minute = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=30)
    log.record(UsageRecord("le_chat", "chat.mistral.ai", "prompt", "pseudonymize",
                           entity_counts={"PERSONNE": 2, "TELEPHONE": 1}, occurred_at=minute + timedelta(seconds=5)))
    log.record(UsageRecord("le_chat", "chat.mistral.ai", "prompt", "block", rule_ids=("donnees-sensibles", "mineurs"),
                           categories=("health", "minor"), entity_counts={"PERSONNE": 1}, occurred_at=minute + timedelta(seconds=20)))
    log.record(UsageRecord("chatgpt", "chatgpt.com", "prompt", "allow", occurred_at=minute + timedelta(seconds=40)))
    log.record(UsageRecord("le_chat", "chat.mistral.ai", "prompt", "pseudonymize",
                           entity_counts={"EMAIL": 1}, occurred_at=minute + timedelta(seconds=50)))
    server = LocalServer(context, 0).start()
    yield Running(server, context, log)
    server.stop()
    scanner.close()
    log.close()


@pytest.fixture(params=sorted(LOCALES))
def language(request: pytest.FixtureRequest) -> str:
    found: str = request.param
    return found


@pytest.fixture
def page(browser: Browser, language: str) -> Iterator[Page]:
    context = browser.new_context(locale=LOCALES[language])
    opened = context.new_page()
    yield opened
    context.close()


def test_every_page_is_accessible_and_fits_a_phone(busy: Running, page: Page, language: str) -> None:
    announce_tray("active")  # a tray runs: the home page offers the pause button
    problems: list[str] = []
    for name, path in (("home", "/"), ("charter", "/charte"), ("gate", "/charte/porte?outil=chatgpt"),
                       ("activity", "/activite"), ("mentions", "/mentions"), ("report", "/signaler"),
                       ("not-found", "/nulle-part")):
        page.goto(busy.url + path)
        assert page.get_attribute("html", "lang") == language
        problems += check_page(page, f"{name}-{language}")
    page.goto(busy.url + "/signaler")
    page.click("#send")  # empty form: every error tied to its field
    page.wait_for_selector("#errors")
    problems += check_page(page, f"report-errors-{language}")
    page.select_option("#tool_id", "le_chat")
    page.check("input[name=recent] >> nth=0")
    page.check("input[name=data_categories][value=identite]")
    page.check("input[name=minors][value=non]")
    page.fill("#approx_people", "2")
    page.fill("#facts", "J'ai collé le nom de M. Dupont dans une demande.")
    page.click("#send")
    page.wait_for_selector("#personal-data")
    assert {"fr": "nom de personne", "en": "person's name"}[language] in page.inner_text("#personal-data")
    problems += check_page(page, f"report-personal-data-{language}")
    page.fill("#facts", "J'ai collé le nom d'une personne accompagnée dans une demande.")
    page.click("#send")
    page.wait_for_selector("#thanks")
    problems += check_page(page, f"report-thanks-{language}")
    page.goto(busy.url + "/charte")
    page.click("#accept")
    page.wait_for_selector("#thanks")
    problems += check_page(page, f"charter-acknowledged-{language}")
    assert not problems, "\n".join(problems)


def test_gate_page_is_styled_under_the_strict_csp_with_the_acknowledgement_first(busy: Running, page: Page) -> None:
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    answer = page.goto(busy.url + "/charte/porte?outil=chatgpt")
    assert answer is not None
    policy = answer.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy and "'sha256-" in policy
    button = page.locator("#acknowledge")
    assert button.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(29, 94, 58)"  # the style applied
    assert button.evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"
    first_section = page.locator("h2").first
    assert button.bounding_box()["y"] < first_section.bounding_box()["y"]  # type: ignore[index]
    page.keyboard.press("Tab")  # the main button is the first thing the keyboard reaches
    assert page.evaluate("document.activeElement.id") == "acknowledge"
    assert not refused, refused
    page.keyboard.press("Enter")
    page.wait_for_url("**/charte")
    assert page.locator("#accept").is_visible()


def test_the_report_form_in_keyboard_order(busy: Running, page: Page) -> None:
    page.goto(busy.url + "/signaler")
    page.focus("#tool_id")
    reached = ["tool_id"]
    for _ in range(30):
        page.keyboard.press("Tab")
        focused: str = page.evaluate("document.activeElement.id")
        reached.append(focused)
        if focused == "send":
            break
    order = ["tool_id", "recent-other", "happened_at", "category-identite", "minors-", "approx_people", "facts",
             "measures_taken", "send"]
    positions = [next(i for i, found in enumerate(reached) if found.startswith(expected)) for expected in order]
    assert positions == sorted(positions), reached
    categories = [found for found in reached if found.startswith("category-")]
    assert len(categories) == 7  # every box reachable with the keyboard
