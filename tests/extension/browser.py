"""The extension's world, shared by its tests: fake AI tool pages under their real host names, garde-ia's
local server, Debian's chromium with the unpacked test build, and the pairing gesture."""

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, Playwright

from proxy.config.policy import load_policy
from proxy.web.context import WebContext
from proxy.web.server import LocalServer
from tests.support.chromium import CHROMIUM
from tests.support.chromium import shot as full_shot
from tests.support.paths import ARTIFACTS, ROOT

__all__ = [
    "ARTIFACTS",
    "BLOCKED",
    "INPUT",
    "PAGES",
    "POLICY",
    "ROOT",
    "TOOL_HOSTS",
    "Browser",
    "FakeTools",
    "Garde",
    "launch",
    "pair",
    "panel",
    "shot",
    "wait_for",
]

PAGES = Path(__file__).resolve().parent / "pages"
TOOL_HOSTS = {
    "chatgpt": "chatgpt.com",
    "le_chat": "chat.mistral.ai",
    "claude": "claude.ai",
    "gemini": "gemini.google.com",
    "copilot": "copilot.microsoft.com",
    "ai_studio": "aistudio.google.com",
    "generic_newline": "pi.ai",
    "plain": "www.example.org",
}
POLICY = load_policy()
# The message box of each fake tool page, and a message the guard blocks.
INPUT = {
    "chatgpt": "#prompt-textarea",
    "le_chat": "form .ProseMirror",
    "claude": "fieldset .ProseMirror",
    "gemini": "rich-textarea .ql-editor",
    "copilot": "#userInput",
}
BLOCKED = "Peux-tu rédiger un courrier pour Jean Dupont, qui est au RSA et suit une chimiothérapie pour son cancer ?"


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.05)


@dataclass
class FakeTools:
    """One HTTPS server answering every fake tool's host name and recording what each page sent."""

    port: int = 0
    received: list[tuple[str, str]] = field(default_factory=list)  # (host, body)

    def sent_to(self, host: str) -> list[str]:
        return [body for h, body in self.received if h == host]


@dataclass
class Garde:
    """garde-ia's real local server, with a guard the test starts and stops."""

    server: LocalServer
    context: WebContext
    guard: dict[str, str]

    @property
    def url(self) -> str:
        return self.server.url


@dataclass
class Browser:
    context: BrowserContext
    extension_id: str

    def extension_page(self, path: str) -> Page:
        page = self.context.new_page()
        page.set_viewport_size({"width": 380, "height": 680})
        page.goto(f"chrome-extension://{self.extension_id}/{path}")
        return page


def launch(
    playwright: Playwright,
    display: str,
    unpacked: Path,
    fake_tools: FakeTools,
    profile: Path,
    language: str,
) -> Browser:
    """Debian's chromium with the unpacked extension, its interface in ``language`` (needs chromium-l10n for French)."""
    assert Path(CHROMIUM).exists(), "run .ci/system-deps.sh (Debian's chromium)"
    rules = ", ".join(f"MAP {host} 127.0.0.1:{fake_tools.port}" for host in TOOL_HOSTS.values())
    region = {"fr": "fr-FR", "en": "en-GB"}[language]
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        headless=False,
        locale=region,
        ignore_https_errors=True,
        env={
            **os.environ,
            "DISPLAY": display,
            "LANGUAGE": language,
            "LANG": f"{region.replace('-', '_')}.UTF-8",
        },
        viewport={"width": 1200, "height": 800},
        args=[
            f"--disable-extensions-except={unpacked}",
            f"--load-extension={unpacked}",
            f"--host-resolver-rules={rules}",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-sync",
            "--disable-component-update",
            "--disable-background-networking",
            f"--lang={region}",
        ],
    )
    worker = (
        context.service_workers[0]
        if context.service_workers
        else context.wait_for_event("serviceworker", timeout=30000)
    )
    return Browser(context, worker.url.split("/")[2])


def pair(browser: Browser, garde: Garde, shots: bool = False) -> None:
    """The person's pairing: popup, local page with the same code, approve."""
    popup = browser.extension_page("popup.html")
    popup.click("summary")
    popup.fill("#base", garde.url)
    popup.click("#settings button[type=submit]")
    with browser.context.expect_page() as opened:
        popup.click("#pair")
    local = opened.value
    local.wait_for_selector("#code")
    code = popup.inner_text("#pairing-code")
    assert local.inner_text("#code") == code
    if shots:
        shot(popup, "extension-popup-pairing")
        shot(local, "extension-pairing-page")
    local.click("#approve")
    local.wait_for_selector("#paired")
    popup.wait_for_selector("#state[data-state=active]")
    local.close()
    popup.close()


def shot(page: Page, name: str) -> None:
    """A screenshot of the viewport in test-artifacts/."""
    full_shot(page, name, full_page=False)


def panel(page: Page, kind: str, timeout: float = 30000) -> None:
    page.wait_for_selector(f"garde-ia-panel section[data-kind={kind}]", timeout=timeout)
