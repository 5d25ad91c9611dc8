"""``garde-ia run``: the guard in the foreground (mitmproxy with garde-ia's addons)."""

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import click

from proxy.runner import RunSettings
from proxy.web import DEFAULT_PORT

if TYPE_CHECKING:
    from addons.context import GuardContext
    from proxy.storage import BackgroundWriter, UsageLog

logger = logging.getLogger(__name__)


def build_context(
    settings: RunSettings, policy_path: Path | None
) -> tuple["GuardContext", "UsageLog", "BackgroundWriter | None"]:
    """Load the policy, the catalog and the French model; open the usage log and the charter gate."""
    from addons.context import DeviceSink, DiscardSink, GuardContext, UsageSink
    from anonymizer.engine import ENTITY_LABELS, build_guard
    from anonymizer.vault import VaultStore
    from proxy.catalog import load_catalog
    from proxy.charter_gate import CharterGate
    from proxy.device import device_id
    from proxy.policy import load_policy
    from proxy.storage import BackgroundWriter, UsageLog

    policy = load_policy(policy_path)
    catalog = load_catalog()
    log = UsageLog.open()  # even with --no-usage-log: acknowledgements of the charter live there
    sink: UsageSink = DiscardSink()
    writer = None
    if settings.usage_log:
        writer = BackgroundWriter(log).start()
        sink = DeviceSink(writer, device_id())
    click.echo("Chargement du modèle de langue français (quelques secondes)…", err=True)
    context = GuardContext(
        catalog=catalog,
        policy=policy,
        checker=build_guard(policy.detection_policy),
        vaults=VaultStore(
            ttl_seconds=settings.vault_ttl_seconds, max_conversations=settings.max_conversations
        ),
        sink=sink,
        entity_labels=dict(ENTITY_LABELS),
        charter_gate=CharterGate(policy, log.engine, f"http://127.0.0.1:{settings.pages_port}"),
    )
    return context, log, writer


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
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Fichier de politique de l'association (TOML).",
)
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
    from addons import build_addons
    from proxy.runner import serve

    settings = RunSettings(
        listen_host, listen_port, extra, usage_log=not no_usage_log, pages_port=pages_port
    )
    context, log, writer = build_context(settings, policy_path)
    try:
        asyncio.run(serve(settings, context.policy, context.catalog, build_addons(context)))
    finally:
        if writer is not None:
            writer.close()
        log.close()
