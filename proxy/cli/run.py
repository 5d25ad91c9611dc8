"""``garde-ia run``: the guard in the foreground (mitmproxy with garde-ia's addons)."""

import asyncio
import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from proxy.cli.options import policy_option
from proxy.cli.welcome import WelcomeFacts, welcome_text
from proxy.config.local_addresses import DEFAULT_PORT
from proxy.runner import RunSettings

if TYPE_CHECKING:
    from addons.context import AddonContext
    from proxy.inspection.check_service import GuardCheckServer
    from proxy.storage import BackgroundWriter, UsageLog

logger = logging.getLogger(__name__)


def build_context(
    settings: RunSettings, policy_path: Path | None
) -> tuple["AddonContext", "UsageLog", "BackgroundWriter | None"]:
    """Load the policy, the catalog and the French model; open the usage log and the charter gate."""
    from addons.context import AddonContext, DeviceSink, DiscardSink, UsageSink
    from anonymizer.engine import build_guard
    from anonymizer.entities import ENTITY_LABELS
    from anonymizer.vault import VaultStore
    from proxy.charter.gate import CharterGate
    from proxy.inspection.check_service import SerializedChecker
    from proxy.startup import start_up
    from proxy.storage import BackgroundWriter

    # The usage log is opened even with --no-usage-log: acknowledgements of the charter live there.
    installation = start_up(policy_path)
    policy, log = installation.policy, installation.log
    sink: UsageSink = DiscardSink()
    writer = None
    if settings.usage_log:
        writer = BackgroundWriter(log).start()
        sink = DeviceSink(writer, installation.device_id)
    click.echo("Chargement du modèle de langue français (quelques secondes)…", err=True)
    context = AddonContext(
        catalog=installation.catalog,
        policy=policy,
        # One lock around the guard: the local pages' checks (proxy.inspection.check_service) share this model.
        checker=SerializedChecker(build_guard(policy.detection_policy)),
        vaults=VaultStore(
            ttl_seconds=settings.vault_ttl_seconds, max_conversations=settings.max_conversations
        ),
        sink=sink,
        entity_labels=dict(ENTITY_LABELS),
        charter_gate=CharterGate(policy, log.engine, f"http://127.0.0.1:{settings.pages_port}"),
    )
    return context, log, writer


def _serve_pages_checks(context: "AddonContext") -> "GuardCheckServer | None":
    """Let the local pages check texts with this guard's model (one model per device), on loopback."""
    from proxy.inspection.check_service import GuardCheckServer, SerializedChecker
    from proxy.web.secret import load_or_create_secret

    if not isinstance(context.checker, SerializedChecker):
        return None
    try:
        return GuardCheckServer(context.checker, load_or_create_secret()).start()
    except OSError as error:  # the guard itself works without it; the pages then say it is stopped
        logger.warning("Vérifications des pages locales indisponibles : %s", error)
        return None


def welcome_facts(settings: RunSettings, context: "AddonContext", log: "UsageLog") -> WelcomeFacts:
    """What the first screen says: the charter's state here and whether set-up ran."""
    from proxy.charter.gate import current_acknowledgement
    from proxy.setup.record import SetupRecordError, load_record

    try:
        setup_done = load_record() is not None
    except SetupRecordError:
        setup_done = False  # a damaged record: running setup again repairs it
    charter = context.policy.charter
    return WelcomeFacts(
        address=f"{settings.listen_host}:{settings.listen_port}",
        tool_count=len(context.catalog.tools),
        charter_title=charter.title,
        charter_version=charter.version,
        charter_acknowledged=current_acknowledgement(log.engine, context.policy) is not None,
        setup_done=setup_done,
        usage_log=settings.usage_log,
        pages_url=f"http://127.0.0.1:{settings.pages_port}",
    )


@click.command("run")
@click.option(
    "--listen-host",
    default="127.0.0.1",
    show_default=True,
    help="Adresse d'écoute (boucle locale par défaut).",
)
@click.option(
    "--listen-port",
    default=8080,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port d'écoute.",
)
@policy_option
@click.option(
    "--set",
    "extra",
    multiple=True,
    metavar="OPTION=VALEUR",
    help="Option mitmproxy transmise telle quelle.",
)
@click.option("--no-usage-log", is_flag=True, help="Ne rien écrire dans le journal d'usage.")
@click.option(
    "--pages-port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port des pages locales (lien vers la charte à confirmer).",
)
def command(
    listen_host: str,
    listen_port: int,
    policy_path: Path | None,
    extra: tuple[str, ...],
    no_usage_log: bool,
    pages_port: int,
) -> None:
    """Lance le garde-fou au premier plan (Ctrl+C pour l'arrêter)."""
    from addons.forbidden_watch import ForbiddenWatchedTools
    from addons.order import build_addons
    from addons.shadow_ai import ShadowAiCounter, sighting_sink
    from proxy.cli.ports import ensure_free
    from proxy.config.watch_status import forbidden_allow_hosts, forbidden_tools
    from proxy.config.watchlist import load_watchlist
    from proxy.runner import run_mitmproxy

    ensure_free(
        listen_host, listen_port, "un garde-fou (garde-ia run ou garde-ia tray)", "--listen-port"
    )
    settings = RunSettings(
        listen_host, listen_port, extra, usage_log=not no_usage_log, pages_port=pages_port
    )
    context, log, writer = build_context(settings, policy_path)
    watchlist = load_watchlist(context.policy.watch.hosts)
    settings = replace(
        settings, answer_hosts=tuple(forbidden_allow_hosts(context.policy.watch, watchlist))
    )
    facts = welcome_facts(settings, context, log)
    pages_checks = _serve_pages_checks(context)
    *checks, fail_closed = build_addons(context)
    counter = ShadowAiCounter(
        context.catalog, watchlist, sighting_sink(writer, context.policy.report.per_person)
    )
    forbidden = ForbiddenWatchedTools(
        context.catalog,
        forbidden_tools(context.policy.watch, watchlist),
        context.approved_tools(),
        context.policy,
    )
    try:
        asyncio.run(
            run_mitmproxy(
                settings,
                context.policy,
                context.catalog,
                [*checks, counter, forbidden, fail_closed],  # FailClosed stays last
                announce=lambda: click.echo(welcome_text(facts)),
            )
        )
    finally:
        if pages_checks is not None:
            pages_checks.stop()
        if writer is not None:
            writer.close()
        log.close()
