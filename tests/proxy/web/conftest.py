"""The web tests' fixtures: the local server with a real scanner (``running``, shared with the extension's
tests through tests.support.web), as ``garde-ia serve`` builds it (``pages``), and with a busy usage log."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from proxy.config.catalog import load_catalog
from proxy.storage import UsageLog
from proxy.usage.events import UsageRecord
from proxy.web.build import port_probe
from proxy.web.context import WebContext
from proxy.web.scanner import GuardScanner, LazyScanner
from proxy.web.secret import Tokens, load_or_create_secret
from proxy.web.server import LocalServer
from tests.support.fakes import names_only
from tests.support.web import POLICY, Running, running, scanner

__all__ = ["busy", "pages", "running", "scanner"]


@pytest.fixture
def pages(garde_ia_home: Path) -> Iterator[Running]:
    """The local server as ``garde-ia serve`` builds it: checks go to the guard."""
    garde_ia_home.mkdir(parents=True, exist_ok=True)
    log = UsageLog.open()
    secret = load_or_create_secret()
    context = WebContext(
        policy=POLICY,
        engine=log.engine,
        tokens=Tokens(secret),
        scanner=GuardScanner(POLICY.detection_policy, secret),
        tools={tool.id: tool.name for tool in load_catalog().tools},
        subject_id="dev-test",
        guard_probe=port_probe(1),
    )
    server = LocalServer(context, 0).start()
    yield Running(server, context, log)
    server.stop()
    log.close()


@pytest.fixture
def busy(garde_ia_home: Path) -> Iterator[Running]:
    """A local server whose usage log has several requests in the same minute (to tell them apart)."""
    log = UsageLog.open()
    scanner = LazyScanner(POLICY.detection_policy, load=names_only)
    context = WebContext(
        policy=POLICY,
        engine=log.engine,
        tokens=Tokens(load_or_create_secret()),
        scanner=scanner,
        tools={tool.id: tool.name for tool in load_catalog().tools},
        subject_id="dev-test",
        guard_probe=port_probe(1),
    )
    minute = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=30)
    log.record(
        UsageRecord(
            "le_chat",
            "chat.mistral.ai",
            "prompt",
            "pseudonymize",
            entity_counts={"PERSONNE": 2, "TELEPHONE": 1},
            occurred_at=minute + timedelta(seconds=5),
        )
    )
    log.record(
        UsageRecord(
            "le_chat",
            "chat.mistral.ai",
            "prompt",
            "block",
            rule_ids=("donnees-sensibles", "mineurs"),
            categories=("health", "minor"),
            entity_counts={"PERSONNE": 1},
            occurred_at=minute + timedelta(seconds=20),
        )
    )
    log.record(
        UsageRecord(
            "chatgpt", "chatgpt.com", "prompt", "allow", occurred_at=minute + timedelta(seconds=40)
        )
    )
    log.record(
        UsageRecord(
            "le_chat",
            "chat.mistral.ai",
            "prompt",
            "pseudonymize",
            entity_counts={"EMAIL": 1},
            occurred_at=minute + timedelta(seconds=50),
        )
    )
    server = LocalServer(context, 0).start()
    yield Running(server, context, log)
    server.stop()
    scanner.close()
    log.close()
