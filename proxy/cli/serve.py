"""``garde-ia serve``: the local pages and JSON API alone (the tray starts it next to the guard)."""

from pathlib import Path

import click

from proxy.cli.options import db_option, policy_option
from proxy.config.local_addresses import DEFAULT_PORT


@click.command("serve")
@click.option(
    "--port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port des pages locales (0 : un port libre, affiché au démarrage).",
)
@click.option(
    "--proxy-port",
    default=8080,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port du garde-fou, pour dire s'il est actif.",
)
@policy_option
@db_option
@click.option(
    "--allow-origin",
    multiple=True,
    metavar="ORIGINE",
    help="Origine supplémentaire autorisée pour l'API (une extension de navigateur).",
)
@click.option("--show-token", is_flag=True, help="Affiche le jeton de l'API locale et s'arrête.")
def command(
    port: int,
    proxy_port: int,
    policy_path: Path | None,
    db_url: str | None,
    allow_origin: tuple[str, ...],
    show_token: bool,
) -> None:
    """Sert les pages locales (charte, signalement, activité) et l'API, sur 127.0.0.1 seulement."""
    from proxy.cli.ports import ensure_free
    from proxy.web.build import build_context
    from proxy.web.server import LOOPBACK, LocalServer

    if not show_token:
        ensure_free(
            LOOPBACK, port, "les pages de garde-ia (garde-ia serve ou garde-ia tray)", "--port"
        )
    context = build_context(policy_path, db_url, proxy_port)
    if show_token:
        click.echo(context.tokens.api_token)
        return
    server = LocalServer(context, port, allow_origin)
    click.echo(f"Pages locales de garde-ia : {server.url}", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        context.scanner.close()
