"""A real local server on a free loopback port, with its own SQLite usage log and a shared real scanner."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from proxy.config.catalog import load_catalog
from proxy.config.policy import OrganisationPolicy, load_policy
from proxy.storage import UsageLog
from proxy.web.build import port_probe
from proxy.web.context import WebContext
from proxy.web.scanner import GuardScanner, LazyScanner, Scanner
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


def start_pages(scanner: Scanner | None = None, policy: OrganisationPolicy = POLICY) -> Running:
    """A real local server on a free port, with this home's usage log (the guard reported stopped).

    Without ``scanner``, texts go to the guard's check service, as ``garde-ia serve`` does.
    """
    log = UsageLog.open()
    secret = load_or_create_secret()
    context = WebContext(
        policy=policy,
        engine=log.engine,
        tokens=Tokens(secret),
        scanner=scanner if scanner is not None else GuardScanner(policy.detection_policy, secret),
        tools=load_catalog().tool_names(),
        subject_id="dev-test",
        guard_probe=port_probe(1),
    )
    return Running(LocalServer(context, 0).start(), context, log)


def stop_pages(running: Running) -> None:
    """Stop the server and close its usage log."""
    running.server.stop()
    running.log.close()


@pytest.fixture
def running(garde_ia_home: Path, scanner: LazyScanner) -> Iterator[Running]:
    started = start_pages(scanner)
    yield started
    stop_pages(started)


def form_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token in the page"
    return found.group(1)
