"""Every local page, in French and in English, checked by axe-core in Debian's Chromium at 390 and 1280 px.

Zero serious or critical accessibility findings, no sideways scroll on a phone, and screenshots of each
page at both widths in ``test-artifacts/`` (``<page>-<language>-<width>.png``).
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from proxy.web.protection import announce_tray
from tests.proxy.web.accessibility import check_page
from tests.support.chromium import headless_chromium
from tests.support.web import Running

LOCALES = {"fr": "fr-FR", "en": "en-GB"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with headless_chromium() as launched:
        yield launched


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


def test_every_page_is_accessible_and_fits_a_phone(
    busy: Running, page: Page, language: str
) -> None:
    announce_tray("active")  # a tray runs: the home page offers the pause button
    problems: list[str] = []
    for name, path in (
        ("home", "/"),
        ("charter", "/charte"),
        ("gate", "/charte/porte?outil=chatgpt"),
        ("activity", "/activite"),
        ("mentions", "/mentions"),
        ("report", "/signaler"),
        ("not-found", "/nulle-part"),
    ):
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
    assert {"fr": "nom de personne", "en": "person's name"}[language] in page.inner_text(
        "#personal-data"
    )
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


def test_gate_page_is_styled_under_the_strict_csp_with_the_acknowledgement_first(
    busy: Running, page: Page
) -> None:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    answer = page.goto(busy.url + "/charte/porte?outil=chatgpt")
    assert answer is not None
    policy = answer.headers["content-security-policy"]
    assert (
        "default-src 'none'" in policy and "'unsafe-inline'" not in policy and "'sha256-" in policy
    )
    button = page.locator("#acknowledge")
    assert (
        button.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(29, 94, 58)"
    )  # the style applied
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
    order = [
        "tool_id",
        "recent-other",
        "happened_at",
        "category-identite",
        "minors-",
        "approx_people",
        "facts",
        "measures_taken",
        "send",
    ]
    positions = [
        next(i for i, found in enumerate(reached) if found.startswith(expected))
        for expected in order
    ]
    assert positions == sorted(positions), reached
    categories = [found for found in reached if found.startswith("category-")]
    assert len(categories) == 7  # every box reachable with the keyboard
