"""``garde-ia setup``: make this device ready in one command, and ``--undo`` to take it all back."""

from pathlib import Path
from typing import TYPE_CHECKING

import click

from proxy.config.local_addresses import DEFAULT_PORT

if TYPE_CHECKING:
    from proxy.setup.install import Step


def _echo_steps(steps: list["Step"]) -> bool:
    for step in steps:
        click.echo(("  ✓ " if step.ok else "  ✗ ") + step.message, err=not step.ok)
    return all(step.ok for step in steps)


@click.command("setup")
@click.option(
    "--undo",
    is_flag=True,
    help="Retire le certificat, le fichier PAC et tout ce que setup a ajouté.",
)
@click.option(
    "--proxy-port",
    default=8080,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port du garde-fou sur cet appareil.",
)
@click.option(
    "--pages-port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port des pages locales, qui servent le fichier PAC.",
)
@click.option(
    "--proxy-address",
    metavar="HÔTE:PORT",
    help="Adresse du garde-fou écrite dans le PAC (déploiement sur un serveur du site).",
)
@click.option(
    "--print-pac", is_flag=True, help="Affiche le fichier PAC (ou wpad.dat) sans rien modifier."
)
@click.option(
    "--no-system-store",
    is_flag=True,
    help="Ne touche pas au magasin de certificats du système, même avec les droits.",
)
def command(
    undo: bool,
    proxy_port: int,
    pages_port: int,
    proxy_address: str | None,
    print_pac: bool,
    no_system_store: bool,
) -> None:
    """Prépare cet appareil : certificat propre à l'appareil, navigateurs, fichier PAC."""
    from proxy.config.policy import load_policy
    from proxy.config.watch_status import forbidden_tools
    from proxy.config.watchlist import WatchList, load_watchlist
    from proxy.setup.guide import browser_steps, undo_steps

    address = proxy_address or f"127.0.0.1:{proxy_port}"
    watch = load_policy().watch  # the organisation's shared policy, if any
    watchlist = load_watchlist(watch.hosts)
    forbidden = WatchList(forbidden_tools(watch, watchlist))
    if print_pac:
        from proxy.config.catalog import load_catalog
        from proxy.setup.pac import render_pac

        click.echo(render_pac(load_catalog(), address, watchlist, forbidden), nl=False)
        return
    from proxy.setup.install import SetupOptions, run_setup, run_undo
    from proxy.setup.record import SetupRecordError

    try:
        if undo:
            remaining, steps = run_undo()
            ok = _echo_steps(steps)
            if remaining is not None:
                click.echo(undo_steps())
        else:
            options = SetupOptions(
                user_home=Path.home(),
                proxy_address=address,
                pages_port=pages_port,
                system_store=not no_system_store,
                watchlist=watchlist,
                forbidden=forbidden,
            )
            record, steps = run_setup(options)
            ok = _echo_steps(steps)
            click.echo()
            click.echo(browser_steps(record.pac_url or ""))
    except SetupRecordError as error:
        raise click.ClickException(str(error)) from error
    if not ok:
        raise SystemExit(1)
