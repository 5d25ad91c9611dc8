"""The English report form in a real headless Chromium whose locale is English (Debian's chromium)."""

from proxy.storage.incidents import list_incidents
from tests.support.chromium import headless_chromium, shot
from tests.support.web import Running


def test_english_browser_fills_the_report_form_in_english(running: Running) -> None:
    with headless_chromium() as browser:
        page = browser.new_context(locale="en-GB").new_page()
        page.goto(f"{running.url}/signaler")
        assert page.get_attribute("html", "lang") == "en"
        assert page.inner_text("h1") == "Report a mistake"
        assert page.inner_text("#send") == "Send the report"
        page.fill("#approx_people", "3")
        page.click("#send")  # nothing chosen: English messages, nothing stored
        assert "The report was not saved." in page.inner_text("#errors")
        assert "Tool: required" in page.inner_text("#errors")
        shot(page, "report-empty-english")
        page.click("#language-switch")  # to French, and remembered
        assert page.inner_text("h1") == "Signaler une erreur"
        page.goto(f"{running.url}/charte")
        assert "Vous n'avez pas encore confirmé cette version." in page.inner_text("#status")
    assert list_incidents(running.context.engine) == ()
