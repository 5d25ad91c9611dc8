"""The extension in a browser whose interface is in English: the panel and the popup speak English (the charter's words stay French)."""

from pathlib import Path

import pytest

from tests.extension.browser import (
    BLOCKED,
    INPUT,
    TOOL_HOSTS,
    FakeTools,
    Garde,
    launch,
    pair,
    panel,
    shot,
)

pytestmark = pytest.mark.spacy_model


def test_panel_and_popup_in_english(  # type: ignore[no-untyped-def]
    playwright_session,
    display: str,
    unpacked: Path,
    fake_tools: FakeTools,
    garde: Garde,
    tmp_path: Path,
) -> None:
    browser = launch(playwright_session, display, unpacked, fake_tools, tmp_path / "profile", "en")
    try:
        pair(browser, garde)
        page = browser.context.new_page()
        page.goto(f"https://{TOOL_HOSTS['chatgpt']}/")
        page.fill(INPUT["chatgpt"], BLOCKED)
        page.press(INPUT["chatgpt"], "Enter")
        panel(page, "block")
        text = page.inner_text("garde-ia-panel section")
        assert "Message not sent: it does not respect the AI charter" in text
        assert "Edit my message" in text
        shot(page, "extension-panel-block-english")
        assert page.evaluate("window.__sent.length") == 0
        page.close()
        popup = browser.extension_page("popup.html?host=chatgpt.com")
        popup.wait_for_selector("#state[data-state=active]")
        assert popup.inner_text("#state").startswith("Guard active")
        assert popup.evaluate("document.documentElement.lang") == "en"
        popup.close()
    finally:
        browser.context.close()
