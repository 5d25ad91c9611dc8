"""A real local server on a free loopback port, with its own SQLite usage log and a shared real scanner."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from proxy.config.catalog import load_catalog
from proxy.config.policy import load_policy
from proxy.storage import UsageLog
from proxy.web.build import port_probe
from proxy.web.context import WebContext
from proxy.web.scanner import LazyScanner
from proxy.web.secret import Tokens, load_or_create_secret
from proxy.web.server import LocalServer

POLICY = load_policy()


@dataclass
class Running:
    server: LocalServer
    context: WebContext
    log: UsageLog

    @property
    def url(self) -> str:
        return self.server.url

    def client(self, **headers: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=headers, follow_redirects=False, timeout=120)

    def api(self) -> httpx.Client:
        return self.client(**{"X-Garde-IA-Token": self.context.tokens.api_token})


@pytest.fixture(scope="session")
def scanner() -> Iterator[LazyScanner]:
    shared = LazyScanner(POLICY.detection_policy)
    yield shared
    shared.close()


@pytest.fixture
def running(garde_ia_home: Path, scanner: LazyScanner) -> Iterator[Running]:
    log = UsageLog.open()
    context = WebContext(
        policy=POLICY,
        engine=log.engine,
        tokens=Tokens(load_or_create_secret()),
        scanner=scanner,
        tools={tool.id: tool.name for tool in load_catalog().tools},
        subject_id="dev-test",
        guard_probe=port_probe(1),
    )
    server = LocalServer(context, 0).start()
    yield Running(server, context, log)
    server.stop()
    log.close()


def form_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token in the page"
    return found.group(1)
