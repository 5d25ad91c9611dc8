"""Run the real proxy (same runner, same addons) with a fake Guard and an injected fault.

Usage: python -m tests.support.launcher PORT FAULT [--set OPTION=VALUE ...]
FAULT: none | raise (the Guard raises) | hang (the Guard never answers in time)
       | addon (the charter addon's request hook itself raises) | router (the router raises)
"""

import asyncio
import logging
import sys

from addons.context import AddonContext, DiscardSink
from addons.order import build_addons
from addons.request_check import RequestCheck
from addons.router import ToolRouter
from anonymizer.vault import VaultStore
from proxy.config.catalog import load_catalog
from proxy.config.policy import load_policy
from proxy.runner import RunSettings, run_mitmproxy
from tests.support.fakes import NAME, FakeChecker


async def _broken(*_args: object) -> None:
    raise RuntimeError("simulated addon bug")


def _router_bug(*_args: object) -> None:
    raise RuntimeError("router bug")


def main() -> None:
    logging.getLogger().addHandler(logging.StreamHandler())
    logging.getLogger().setLevel(logging.INFO)
    port, fault, *rest = sys.argv[1:]
    extra = tuple(rest[i + 1] for i in range(0, len(rest), 2))
    if fault == "addon":
        RequestCheck.request = _broken  # type: ignore[method-assign,assignment]  # the injected fault replaces the hook
    if fault == "router":
        ToolRouter.requestheaders = _router_bug  # type: ignore[method-assign,assignment]
    policy = load_policy()
    catalog = load_catalog()
    context = AddonContext(
        catalog,
        policy,
        FakeChecker(
            fault if fault in ("raise", "hang") else "",
            values={NAME: "PERSONNE"},
            category="health",
        ),
        VaultStore(ttl_seconds=3600, max_conversations=10),
        DiscardSink(),
        {"PERSONNE": "nom de personne"},
    )
    settings = RunSettings(listen_port=int(port), extra_options=extra)
    asyncio.run(run_mitmproxy(settings, policy, catalog, build_addons(context)))


if __name__ == "__main__":
    main()
