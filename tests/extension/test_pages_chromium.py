"""The extension in Debian's chromium under Xvfb, on fake ChatGPT, Le Chat, Claude, Gemini and Copilot pages."""

import json

import pytest
from playwright.sync_api import Page

from tests.extension.browser import (
    BLOCKED,
    INPUT,
    ROOT,
    TOOL_HOSTS,
    Browser,
    FakeTools,
    Garde,
    panel,
    shot,
    wait_for,
)

pytestmark = pytest.mark.spacy_model

TOOLS = ["chatgpt", "le_chat", "claude", "gemini", "copilot"]
SEND = {
    "chatgpt": "#composer-submit-button",
    "le_chat": "form button[type=submit]",
    "claude": "button[aria-label='Send message']",
    "gemini": "button.send-button",
    "copilot": "[data-testid='submit-button']",
}
PSEUDO = "Écris à Marie Martin (marie.martin@gmail.com) pour la réunion de jeudi."
ALLOWED = "Explique les conditions pour toucher le RSA, en trois phrases simples."


def open_tool(browser: Browser, tool: str) -> Page:
    page = browser.context.new_page()
    page.goto(f"https://{TOOL_HOSTS[tool]}/")
    page.wait_for_selector(INPUT[tool])
    return page


@pytest.mark.parametrize("tool", TOOLS)
@pytest.mark.parametrize("gesture", ["enter", "button"])
def test_block_stops_the_page_and_explains(
    paired: Browser, fake_tools: FakeTools, tool: str, gesture: str
) -> None:
    page = open_tool(paired, tool)
    before = len(fake_tools.received)
    page.fill(INPUT[tool], BLOCKED)
    if gesture == "enter":
        page.press(INPUT[tool], "Enter")
    else:
        page.click(SEND[tool])
    panel(page, "block")
    text = page.inner_text("garde-ia-panel section")
    assert "Message non envoyé" in text
    assert "Pas de données sensibles sur une personne" in text  # the charter rule
    assert "santé" in text and "situation sociale" in text  # the kinds of data found
    assert "Retirez ce qui permet de reconnaître la personne" in text  # the charter's advice
    if tool == "chatgpt" and gesture == "enter":
        shot(page, "extension-panel-block")
    page.wait_for_timeout(300)
    assert len(fake_tools.received) == before, "the page sent something"
    assert page.evaluate("window.__sent.length") == 0
    kept = page.input_value(INPUT[tool]) if tool == "copilot" else page.inner_text(INPUT[tool])
    assert kept.strip() == BLOCKED  # still there, to be edited
    page.click("garde-ia-panel button[data-action=edit]")
    assert page.query_selector("garde-ia-panel") is None
    page.close()


@pytest.mark.parametrize("tool", TOOLS)
def test_pseudonymize_shows_replacements_then_sends(
    paired: Browser, fake_tools: FakeTools, tool: str
) -> None:
    page = open_tool(paired, tool)
    page.fill(INPUT[tool], PSEUDO)
    page.press(INPUT[tool], "Enter")
    panel(page, "pseudonymize")
    values = page.locator("garde-ia-panel [data-part=value]").all_inner_texts()
    labels = page.locator("garde-ia-panel [data-part=label]").all_inner_texts()
    assert dict(zip(values, labels, strict=True)) == {
        "Marie Martin": "[PERSONNE_1]",
        "marie.martin@gmail.com": "[EMAIL_1]",
    }
    assert page.query_selector("garde-ia-panel [data-part=guard-stopped]") is None
    if tool == "chatgpt":
        shot(page, "extension-panel-pseudonymize")
    assert page.evaluate("window.__sent.length") == 0
    page.click("garde-ia-panel button[data-action=send]")
    wait_for(lambda: fake_tools.sent_to(TOOL_HOSTS[tool]).count(PSEUDO) == 1)
    assert page.query_selector("garde-ia-panel") is None
    page.close()


@pytest.mark.parametrize("tool", TOOLS)
def test_allow_sends_with_nothing_visible(
    paired: Browser, fake_tools: FakeTools, tool: str
) -> None:
    page = open_tool(paired, tool)
    text = f"{ALLOWED} (essai {TOOLS.index(tool) + 1})"
    page.fill(INPUT[tool], text)
    page.click(SEND[tool])
    wait_for(lambda: text in fake_tools.sent_to(TOOL_HOSTS[tool]))
    assert page.query_selector("garde-ia-panel") is None
    page.close()


def test_guard_stopped_said_in_the_panel_and_the_popup(paired: Browser, garde: Garde) -> None:
    garde.guard["state"] = "stopped"
    try:
        page = open_tool(paired, "copilot")
        page.fill(INPUT["copilot"], PSEUDO + " (garde-fou arrêté)")
        page.press(INPUT["copilot"], "Enter")
        panel(page, "pseudonymize")
        assert "le garde-fou de garde-ia est arrêté" in page.inner_text(
            "garde-ia-panel [data-part=guard-stopped]"
        )
        assert (
            page.inner_text("garde-ia-panel button[data-action=send]")
            == "Envoyer sans vérification"
        )
        page.close()
        popup = paired.extension_page("popup.html?host=chatgpt.com")
        popup.wait_for_selector("#state[data-state=stopped]")
        assert "ne sont PAS protégés" in popup.inner_text("#state")
        shot(popup, "extension-popup-guard-stopped")
        popup.close()
    finally:
        garde.guard["state"] = "active"


def test_popup_status_tool_mention_and_report(paired: Browser, garde: Garde) -> None:
    popup = paired.extension_page("popup.html?host=chat.mistral.ai")
    popup.wait_for_selector("#state[data-state=active]")
    assert "Garde-fou actif" in popup.inner_text("#state")
    assert "Charte pas encore confirmée" in popup.inner_text("#charter")
    assert popup.get_attribute("#charter-link", "href") == f"{garde.url}/charte"
    popup.wait_for_selector("#tool[data-status=approved]")
    assert (
        popup.inner_text("#tool")
        == "Le Chat (Mistral AI, FR) : approuvé par votre charte · européen · modèles à poids ouverts"
    )
    popup.select_option("#mention", "production")
    assert "produit avec l'aide d'une IA générative" in popup.inner_text("#mention-text")
    shot(popup, "extension-popup")
    with paired.context.expect_page() as opened:
        popup.click("#report")
    report = opened.value
    report.wait_for_load_state()
    assert report.url.startswith(f"{garde.url}/extension/signaler?outil=le_chat&quand=")
    assert report.eval_on_selector("#tool_id", "e => e.value") == "le_chat"
    assert report.eval_on_selector("#happened_at", "e => e.value") != ""
    report.close()
    popup.close()


def test_popup_on_another_site(paired: Browser) -> None:
    popup = paired.extension_page("popup.html?host=www.example.org")
    popup.wait_for_selector("#tool-section:not([hidden])")
    assert "n'est pas un outil d'IA du catalogue" in popup.inner_text("#tool")
    popup.close()


@pytest.mark.parametrize("tool", TOOLS)
def test_the_tool_own_selectors_match_its_saved_structure(browser: Browser, tool: str) -> None:
    data = json.loads((ROOT / "extension" / "data" / "tools.json").read_text())["tools"][tool]
    page = open_tool(browser, tool)
    found_input = [s for s in data["input"] if page.query_selector(s)]
    found_send = [s for s in data["send"] if page.query_selector(s)]
    assert found_input, f"{tool}: no input selector matches the saved page"
    assert found_send, f"{tool}: no send selector matches the saved page"
    assert page.evaluate(
        "([a, b]) => document.querySelector(a) === document.querySelector(b)",
        [found_input[0], INPUT[tool]],
    )
    assert page.evaluate(
        "([a, b]) => document.querySelector(a) === document.querySelector(b)",
        [found_send[0], SEND[tool]],
    )
    page.close()


def test_only_the_local_api_sees_the_text(
    paired: Browser, fake_tools: FakeTools, garde: Garde
) -> None:
    seen: list[str] = []
    paired.context.on("request", lambda request: seen.append(request.url))
    page = open_tool(paired, "gemini")
    before = len(fake_tools.received)
    page.fill(INPUT["gemini"], BLOCKED)
    page.press(INPUT["gemini"], "Enter")
    panel(page, "block")
    page.wait_for_timeout(300)
    assert len(fake_tools.received) == before
    for url in seen:
        assert url.startswith(
            (f"https://{TOOL_HOSTS['gemini']}/", garde.url, "chrome-extension://")
        ), url
        if url.startswith(f"https://{TOOL_HOSTS['gemini']}/"):
            assert url.endswith(("/", "/_send.js")), (
                url
            )  # the page loaded itself; it posted nothing
    page.close()


def set_storage(browser: Browser, values: dict[str, object]) -> None:
    worker = browser.context.service_workers[0]
    worker.evaluate("values => chrome.storage.local.set(values)", values)


def test_garde_ia_not_answering_is_said_and_the_person_chooses(
    paired: Browser, fake_tools: FakeTools, garde: Garde
) -> None:
    set_storage(paired, {"base": "http://127.0.0.1:9"})  # nothing listens there
    try:
        page = open_tool(paired, "chatgpt")
        page.fill(INPUT["chatgpt"], PSEUDO + " (hors service)")
        page.press(INPUT["chatgpt"], "Enter")
        panel(page, "unavailable")
        assert page.get_attribute("garde-ia-panel [data-part=why]", "data-why") == "unreachable"
        assert "ce message ne serait alors pas protégé" in page.inner_text(
            "garde-ia-panel [data-part=why]"
        )
        shot(page, "extension-panel-unavailable")
        page.click("garde-ia-panel button[data-action=cancel]")
        assert page.evaluate("window.__sent.length") == 0
        page.press(INPUT["chatgpt"], "Enter")
        panel(page, "unavailable")
        page.click("garde-ia-panel button[data-action=send]")
        wait_for(lambda: PSEUDO + " (hors service)" in fake_tools.sent_to(TOOL_HOSTS["chatgpt"]))
        page.close()
        popup = paired.extension_page("popup.html?host=chatgpt.com")
        popup.wait_for_selector("#state[data-state=unreachable]")
        assert "garde-ia ne répond pas" in popup.inner_text("#state")
        popup.close()
    finally:
        set_storage(paired, {"base": garde.url})


def test_check_after_a_pause_in_typing_uses_the_guard_state_when_sending(
    paired: Browser, garde: Garde, fake_tools: FakeTools
) -> None:
    page = open_tool(paired, "claude")
    text = PSEUDO + " (après une pause)"
    page.fill(INPUT["claude"], text)
    page.wait_for_timeout(1500)  # the check ran during the pause, guard active
    garde.guard["state"] = "stopped"
    try:
        page.press(INPUT["claude"], "Enter")
        panel(page, "pseudonymize", timeout=5000)
        assert page.query_selector("garde-ia-panel [data-part=guard-stopped]") is not None
        page.click("garde-ia-panel button[data-action=edit]")
    finally:
        garde.guard["state"] = "active"
    page.fill(INPUT["claude"], ALLOWED + " (après une pause)")
    page.wait_for_timeout(1500)
    page.press(INPUT["claude"], "Enter")
    wait_for(lambda: ALLOWED + " (après une pause)" in fake_tools.sent_to(TOOL_HOSTS["claude"]))
    page.close()


def test_not_paired_is_said_on_the_page(
    paired: Browser, garde: Garde, fake_tools: FakeTools
) -> None:
    set_storage(paired, {"token": None})
    try:
        page = open_tool(paired, "le_chat")
        page.fill(INPUT["le_chat"], BLOCKED)
        page.click(SEND["le_chat"])
        panel(page, "unavailable")
        assert page.get_attribute("garde-ia-panel [data-part=why]", "data-why") == "unpaired"
        assert "Associer à garde-ia" in page.inner_text("garde-ia-panel [data-part=why]")
        page.click("garde-ia-panel button[data-action=cancel]")
        assert page.evaluate("window.__sent.length") == 0
        page.close()
        popup = paired.extension_page("popup.html?host=chat.mistral.ai")
        popup.wait_for_selector("#state[data-state=unpaired]")
        assert popup.is_visible("#pair")
        popup.close()
    finally:
        set_storage(paired, {"token": garde.context.tokens.api_token})


def test_where_enter_writes_a_new_line_nothing_is_checked_until_the_send_key(
    paired: Browser, fake_tools: FakeTools
) -> None:
    page = paired.context.new_page()
    page.goto(f"https://{TOOL_HOSTS['ai_studio']}/")
    page.fill("textarea", BLOCKED)
    page.press("textarea", "Enter")
    page.wait_for_timeout(300)
    assert page.query_selector("garde-ia-panel") is None
    assert page.input_value("textarea") == BLOCKED + "\n"
    page.press("textarea", "Control+Enter")
    panel(page, "block")
    assert page.evaluate("window.__sent.length") == 0
    page.close()


def test_generic_search_keeps_a_new_line_and_checks_the_send_button(
    paired: Browser, fake_tools: FakeTools
) -> None:
    page = paired.context.new_page()
    page.goto(f"https://{TOOL_HOSTS['generic_newline']}/")
    page.fill("textarea", ALLOWED)
    page.press(
        "textarea", "Enter"
    )  # checked (allowed), then written as the new line the page expected
    page.wait_for_function("document.querySelector('textarea').value.endsWith('\\n')")
    page.type("textarea", "Merci.")
    assert page.input_value("textarea") == ALLOWED + "\nMerci."
    page.fill("textarea", BLOCKED)
    page.click("button")
    panel(page, "block")
    assert fake_tools.sent_to(TOOL_HOSTS["generic_newline"]) == []
    page.close()


def test_replacements_right_after_emoji_and_accents(paired: Browser) -> None:
    # the API counts characters as Python does (code points), the page as JavaScript does (UTF-16)
    page = open_tool(paired, "copilot")
    page.fill(
        INPUT["copilot"],
        "🙂🎉 Écris à Marie Martin (marie.martin@gmail.com) pour la fête 🎂 de jeudi.",
    )
    page.press(INPUT["copilot"], "Enter")
    panel(page, "pseudonymize")
    values = page.locator("garde-ia-panel [data-part=value]").all_inner_texts()
    labels = page.locator("garde-ia-panel [data-part=label]").all_inner_texts()
    assert dict(zip(values, labels, strict=True)) == {
        "Marie Martin": "[PERSONNE_1]",
        "marie.martin@gmail.com": "[EMAIL_1]",
    }
    page.keyboard.press("Escape")
    assert page.query_selector("garde-ia-panel") is None
    assert page.evaluate("window.__sent.length") == 0
    page.close()
