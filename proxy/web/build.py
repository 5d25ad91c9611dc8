"""Assemble the local server's context from the policy, the catalog and the usage log."""

import socket
from collections.abc import Callable
from pathlib import Path

from proxy.config.catalog import load_catalog
from proxy.config.device import device_id
from proxy.config.policy import load_policy
from proxy.storage import UsageLog
from proxy.web.context import WebContext
from proxy.web.scanner import GuardScanner
from proxy.web.secret import Tokens, load_or_create_secret

PROBE_TIMEOUT_SECONDS = 0.5


def port_probe(port: int, host: str = "127.0.0.1") -> Callable[[], str]:
    """A probe saying whether the guarding proxy answers on its port ("active" or "stopped")."""
    def probe() -> str:
        try:
            with socket.create_connection((host, port), timeout=PROBE_TIMEOUT_SECONDS):
                return "active"
        except OSError:
            return "stopped"

    return probe


def build_context(policy_path: Path | None, db_url: str | None, proxy_port: int) -> WebContext:
    """Load the policy and catalog, open the usage log, read (or create) the per-install secret.

    Texts are checked by the running guard (no language model in this process).
    """
    policy = load_policy(policy_path)
    catalog = load_catalog()
    log = UsageLog.open(db_url)
    secret = load_or_create_secret()
    return WebContext(
        policy=policy,
        engine=log.engine,
        tokens=Tokens(secret),
        scanner=GuardScanner(policy.detection_policy, secret),  # the guard's model: one per device
        tools={tool.id: tool.name for tool in catalog.tools},
        subject_id=device_id(),
        guard_probe=port_probe(proxy_port),
    )
