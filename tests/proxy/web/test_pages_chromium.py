"""The local pages in a real headless Chromium (Debian's, driven by Playwright); screenshots in test-artifacts/."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page

from proxy.storage.acknowledgements import acknowledgement_of
from proxy.storage.incidents import list_incidents
from proxy.usage.events import UsageRecord
from tests.support.chromium import headless_chromium, shot
from tests.support.web import Running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with headless_chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="fr-FR")
    opened = context.new_page()
    yield opened
    context.close()


def test_gate_page_leads_to_acknowledging_the_charter(running: Running, page: Page) -> None:
    page.goto(f"{running.url}/charte/porte?outil=chatgpt")
    assert "avant d'utiliser ChatGPT" in page.inner_text("h1")
    shot(page, "gate-page")
    page.click("#acknowledge")
    assert "pas encore confirmé" in page.inner_text("#status")
    page.click("#accept")
    page.wait_for_selector("#thanks")
    assert "Vous avez pris connaissance de la version 2026-03" in page.inner_text("#status")
    shot(page, "charter-acknowledged")
    assert acknowledgement_of(running.context.engine, "dev-test", "2026-03") is not None


@pytest.mark.spacy_model
def test_fill_and_submit_the_report_form(running: Running, page: Page) -> None:
    when = datetime.now(UTC) - timedelta(minutes=20)
    running.log.record(
        UsageRecord("chatgpt", "chatgpt.com", "prompt", "pseudonymize", occurred_at=when)
    )
    page.goto(f"{running.url}/signaler")
    page.click("#send")  # empty form: clear messages, nothing stored
    assert "n'a pas été enregistré" in page.inner_text("#errors")
    shot(page, "report-empty")
    assert list_incidents(running.context.engine) == ()
    page.select_option("#tool_id", "chatgpt")
    page.check(f"input[name=recent][value='{when.isoformat()}']")
    page.check("input[name=data_categories][value=sante]")
    page.check("input[name=minors][value=non]")
    page.fill("#approx_people", "1")
    page.fill(
        "#facts",
        "J'ai collé le compte rendu d'un entretien avec la situation de santé d'une personne accompagnée.",
    )
    page.fill("#measures_taken", "J'ai supprimé la conversation.")
    shot(page, "report-filled")
    page.click("#send")
    page.wait_for_selector("#thanks")
    shot(page, "report-thanks")
    (entry,) = list_incidents(running.context.engine)
    assert page.inner_text("#incident-id") == str(entry.id)
    assert entry.draft.discovered_at == when
    assert page.inner_text("#deadline") == entry.notification_deadline.astimezone().strftime(
        "%d/%m/%Y à %H:%M"
    )


def test_a_foreign_page_cannot_submit_the_form(running: Running, browser: Browser) -> None:
    context = browser.new_context(
        locale="fr-FR"
    )  # French refusal (an English browser gets it in English)
    attacker = context.new_page()
    attacker.set_content(
        f'<form id="f" method="post" action="{running.url}/charte/accepter"><input name="csrf_token" value="x"></form>'
    )
    with attacker.expect_navigation():
        attacker.eval_on_selector("#f", "form => form.submit()")
    assert "autre site" in attacker.content() or "expiré" in attacker.content()
    context.close()
    assert acknowledgement_of(running.context.engine, "dev-test", "2026-03") is None
