"""The web tests' fixtures: the local server with a real scanner (``running``, shared with the extension's
tests through tests.support.web), as ``garde-ia serve`` builds it (``pages``), and with a busy usage log."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from proxy.usage.events import UsageRecord
from proxy.web.scanner import LazyScanner
from tests.support.fakes import names_only
from tests.support.web import POLICY, Running, running, scanner, start_pages, stop_pages

__all__ = ["busy", "pages", "running", "scanner"]


@pytest.fixture
def pages(garde_ia_home: Path) -> Iterator[Running]:
    """The local server as ``garde-ia serve`` builds it: checks go to the guard."""
    garde_ia_home.mkdir(parents=True, exist_ok=True)
    started = start_pages()
    yield started
    stop_pages(started)


@pytest.fixture
def busy(garde_ia_home: Path) -> Iterator[Running]:
    """A local server whose usage log has several requests in the same minute (to tell them apart)."""
    scanner = LazyScanner(POLICY.detection_policy, load=names_only)
    started = start_pages(scanner)
    log = started.log
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
    yield started
    stop_pages(started)
    scanner.close()
