"""Assemble the local server's context from the policy, the catalog and the usage log."""

import socket
from collections.abc import Callable
from pathlib import Path

from proxy.startup import start_up
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
    installation = start_up(policy_path, db_url)
    secret = load_or_create_secret()
    return WebContext(
        policy=installation.policy,
        engine=installation.log.engine,
        tokens=Tokens(secret),
        # the guard's model: one per device
        scanner=GuardScanner(installation.policy.detection_policy, secret),
        tools=installation.catalog.tool_names(),
        subject_id=installation.device_id,
        guard_probe=port_probe(proxy_port),
    )
