"""Chromium (Debian's, headless) configured only with garde-ia's PAC, after ``garde-ia setup``.

Catalogued AI hosts must go through the guard (whose CA setup made Chromium trust), everything
else directly; with the guard stopped, AI hosts must fail rather than go direct. Host names are
mapped to local servers by Chromium's resolver rules: a "decoy" server answers for the AI host
too, so a request that wrongly went direct would land there and be seen.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Error, sync_playwright

from proxy.config.catalog import load_catalog
from proxy.config.watchlist import load_watchlist
from tests.support.guard import ProxyProcess
from tests.support.net import free_port
from tests.support.system import (
    RecordingServer,
    certutil,
    garde_ia,
    https_server,
    local_pages,
    make_pki,
    start_guard,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AI_HOST = "api.openai.com"
OTHER_HOST = "outil-non-ia.test"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is needed (.ci/system-deps.sh)"
)


@dataclass
class Scene:
    browser: Browser
    guard: ProxyProcess
    ai_service: RecordingServer
    direct: RecordingServer
    pac_url: str


@pytest.fixture
def scene(garde_ia_home: Path, tmp_path: Path) -> Iterator[Scene]:
    user_home = tmp_path / "volunteer"
    user_home.mkdir()
    proxy_port = free_port()
    done = garde_ia(
        ["setup", "--no-system-store", "--proxy-port", str(proxy_port)], garde_ia_home, user_home
    )
    assert done.returncode == 0, done.stderr + done.stdout
    # The fake services' own CA, trusted the same way (what a real site's public CA would be).
    pki = make_pki(tmp_path / "pki", [AI_HOST, OTHER_HOST, "localhost"])
    added = certutil(
        "-A",
        "-d",
        f"sql:{user_home / '.pki' / 'nssdb'}",
        "-n",
        "services de test",
        "-t",
        "C,,",
        "-i",
        str(pki.ca),
    )
    assert added.returncode == 0, added.stderr

    with (
        local_pages(proxy_port) as pages_url,
        https_server("service IA (via garde-ia)", pki) as ai_service,
        https_server("accès direct", pki) as direct,
    ):
        guard = start_guard(
            garde_ia_home,
            proxy_port,
            "connection_strategy=lazy",
            f"ssl_verify_upstream_trusted_ca={pki.ca}",
            f"map_remote=|https://{AI_HOST.replace('.', '[.]')}|https://127.0.0.1:{ai_service.port}",
        )
        try:
            with sync_playwright() as playwright:
                pac_url = f"{pages_url}/proxy.pac"
                rules = f"MAP {AI_HOST} 127.0.0.1:{direct.port}, MAP {OTHER_HOST} 127.0.0.1:{direct.port}"
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    headless=True,
                    env={**os.environ, "HOME": str(user_home)},
                    args=[
                        *CHROMIUM_FLAGS,
                        f"--proxy-pac-url={pac_url}",
                        f"--host-resolver-rules={rules}",
                    ],
                )
                try:
                    yield Scene(browser, guard, ai_service, direct, pac_url)
                finally:
                    browser.close()
        finally:
            guard.stop()


def test_ai_host_goes_through_the_guard_and_the_rest_goes_direct(scene: Scene) -> None:
    page = scene.browser.new_page()

    answer = page.goto(f"https://{AI_HOST}/v1/models")
    assert answer is not None and answer.ok
    assert page.inner_text("#who") == "service IA (via garde-ia)"
    assert scene.ai_service.hosts, (
        "the AI service saw nothing: the request did not go through garde-ia"
    )
    assert all(AI_HOST not in host for host in scene.direct.hosts), (
        "the AI host was reached directly"
    )

    answer = page.goto(f"https://{OTHER_HOST}/")
    assert answer is not None and answer.ok
    assert page.inner_text("#who") == "accès direct"
    assert any(host.startswith(OTHER_HOST) for host in scene.direct.hosts)


def test_ai_host_fails_closed_when_the_guard_is_stopped(scene: Scene) -> None:
    scene.guard.stop()
    page = scene.browser.new_page()
    with pytest.raises(Error, match="ERR_PROXY_CONNECTION_FAILED"):
        page.goto(f"https://{AI_HOST}/v1/models")
    assert all(AI_HOST not in host for host in scene.direct.hosts), (
        "no DIRECT fallback for AI hosts"
    )
    answer = scene.browser.new_page().goto(f"https://{OTHER_HOST}/")
    assert answer is not None and answer.ok  # the rest of the web keeps working


def sample_hosts() -> list[str]:
    hosts = ["example.org", "www.service-public.fr", "localhost", "openai.com.evil.example"]
    for tool in load_catalog().tools:
        for pattern in tool.hosts:
            bare = pattern[2:] if pattern.startswith(("*.", "*-")) else pattern
            hosts += [bare, "sub." + bare, "x" + bare, bare + ".evil.example", bare.upper() + "."]
            if pattern.startswith("*-"):
                label, _, rest = bare.partition(".")
                hosts += [
                    f"europe-west1-{bare}",
                    f"{label}.{rest}",
                    f"x{label}.{rest}",
                    f"a-{label}.other.{rest}",
                ]
    return hosts


def test_pac_decides_exactly_like_the_catalog(scene: Scene) -> None:
    """Chromium's own JavaScript runs the served PAC for every catalog pattern and look-alikes."""
    page = scene.browser.new_page()
    script = page.request.get(scene.pac_url)
    assert script.ok and script.headers["content-type"].startswith(
        "application/x-ns-proxy-autoconfig"
    )
    hosts = sample_hosts()
    decisions = page.evaluate(
        "([source, hosts]) => { const find = new Function(source + '; return FindProxyForURL;')();"
        " return hosts.map(h => find('https://' + h + '/', h)); }",
        [script.text(), hosts],
    )
    catalog, watchlist = load_catalog(), load_watchlist()
    proxy = f"PROXY 127.0.0.1:{scene.guard.port}"
    counted = (
        f"{proxy}; DIRECT"  # watched tools outside the catalog: counted, reachable without garde-ia
    )

    def expected(host: str) -> str:
        if catalog.tool_for_host(host) is not None:
            return proxy
        return counted if watchlist.tool_for_host(host) is not None else "DIRECT"

    wrong = [(h, d) for h, d in zip(hosts, decisions, strict=True) if d != expected(h)]
    assert not wrong
    assert decisions.count(proxy) > 100 and decisions.count("DIRECT") > 100
