"""Run the guard: mitmproxy embedded with garde-ia's addons registered in code.

Why embedded rather than ``mitmdump -s``: with scripts, every addon hangs under one
ScriptLoader, so an exception in one hook skips the gate too, and a script broken by a hot
reload leaves mitmproxy proxying *without* the guard (fail open, as measured when the guard was
designed). Registered as separate top-level addons, ``FailClosed`` runs even when another addon
failed, and there is no reload.
"""

import asyncio
import logging
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from proxy.config.catalog import Catalog
from proxy.config.local_addresses import DEFAULT_PORT
from proxy.config.paths import home_dir
from proxy.config.policy import OrganisationPolicy

logger = logging.getLogger(__name__)


class ProxyOptionError(ValueError):
    """A ``--set`` option mitmproxy does not accept; the message says which, in French."""


class _Announcer:
    """Calls back once mitmproxy's servers listen (its ``running`` hook, after the proxy server's)."""

    def __init__(self, announce: Callable[[], None]) -> None:
        self._announce = announce

    def running(self) -> None:
        """Mitmproxy hook: every server is set up."""
        self._announce()


@dataclass(frozen=True, slots=True)
class RunSettings:
    """How to run the guard (from ``garde-ia run``'s flags)."""

    listen_host: str = "127.0.0.1"
    listen_port: int = 8080
    extra_options: tuple[str, ...] = ()
    confdir: Path | None = None
    usage_log: bool = True
    vault_ttl_seconds: float = 4 * 3600
    max_conversations: int = 500
    pages_port: int = DEFAULT_PORT  # where the gate's link to the charter page points
    # allow_hosts patterns of forbidden watched tools: decrypted only to answer with garde-ia's page
    answer_hosts: tuple[str, ...] = ()


def base_options(settings: RunSettings, catalog: Catalog) -> dict[str, object]:
    """The options garde-ia always gives mitmproxy: loopback, only catalogued hosts decrypted."""
    confdir = settings.confdir or home_dir() / "mitmproxy"
    confdir.mkdir(parents=True, exist_ok=True, mode=0o700)
    return {
        "listen_host": settings.listen_host,
        "listen_port": settings.listen_port,
        "allow_hosts": [*catalog.allow_hosts(), *settings.answer_hosts],
        "confdir": str(confdir),
        "ssl_insecure": False,
        "onboarding": False,
        "block_private": True,
    }


def guard_chain(chain: Sequence[object], addons: Sequence[object]) -> list[object]:
    """The addon chain: the guard's addons first, mitmproxy's own next, ``FailClosed`` (last of ``addons``) after all.

    The guard runs before mitmproxy's own addons: it sees the request as sent, and its
    deny-by-default answer, lifted after the check, does not make map_remote & co. skip the flow.
    """
    *front, fail_closed = addons
    others = [a for a in chain if all(a is not ours for ours in addons)]
    return [*front, *others, fail_closed]


async def run_mitmproxy(
    settings: RunSettings,
    policy: OrganisationPolicy,
    catalog: Catalog,
    addons: Sequence[object],
    announce: Callable[[], None] | None = None,
) -> None:
    """Start mitmproxy with the guard's addons and serve until stopped (SIGINT/SIGTERM).

    ``announce`` is called once the proxy listens (the ``run`` command's first screen).
    """
    from mitmproxy.exceptions import OptionsError
    from mitmproxy.options import Options
    from mitmproxy.tools.dump import DumpMaster

    master = DumpMaster(Options(), with_termlog=False, with_dumper=False)
    for addon in addons:
        master.addons.add(addon)  # type: ignore[no-untyped-call]  # one call each: separate top-level addons (see module docstring)
    master.addons.chain = guard_chain(master.addons.chain, addons)
    if announce is not None:  # added last: among mitmproxy's own addons, after its proxy server
        master.addons.add(_Announcer(announce))  # type: ignore[no-untyped-call]
    master.options.update(**base_options(settings, catalog))  # type: ignore[no-untyped-call]
    if settings.extra_options:
        try:
            master.options.set(*settings.extra_options)
        except OptionsError as error:
            reason = str(error).replace("Unknown option(s):", "option inconnue :")
            raise ProxyOptionError(
                f"option --set refusée ({reason}). Écrivez --set NOM=VALEUR avec une option de "
                "mitmproxy existante (liste : mitmdump --options) ; garde-ia fixe lui-même "
                "l'adresse, le port et les hôtes déchiffrés."
            ) from error
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, master.shutdown)
    logger.info(
        "garde-ia démarre sur %s:%s (%d outils du catalogue, charte %s)",
        master.options.listen_host,
        master.options.listen_port,
        len(catalog.tools),
        policy.charter.version,
    )
    await master.run()
