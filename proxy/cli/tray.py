"""``garde-ia tray``: the tray icon, which starts the guard and the local pages and watches them."""

import shlex
import sys
from pathlib import Path

import click

from proxy.cli.failures import EXIT_DESKTOP, UserError
from proxy.cli.options import policy_option
from proxy.config.local_addresses import DEFAULT_PORT


@click.command("tray")
@click.option(
    "--proxy-port",
    default=8080,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port du garde-fou.",
)
@click.option(
    "--pages-port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port des pages locales.",
)
@policy_option
@click.option("--guard-command", help="Commande du garde-fou (par défaut : garde-ia run).")
@click.option(
    "--poll-seconds",
    default=2.0,
    show_default=True,
    type=click.FloatRange(0.2, 60),
    help="Intervalle de mise à jour.",
)
def command(
    proxy_port: int,
    pages_port: int,
    policy_path: Path | None,
    guard_command: str | None,
    poll_seconds: float,
) -> None:
    """Affiche l'icône de garde-ia : protection, charte, signalement, activité."""
    from proxy.config.policy import load_policy
    from tray.desktop import DesktopError, open_desktop

    load_policy(policy_path)  # an invalid policy is said before anything starts (exit code 3)
    try:
        open_desktop()
    except DesktopError as error:
        raise UserError(str(error), EXIT_DESKTOP) from error
    from tray.app import TrayApp, TraySettings

    policy_args = ["--policy", str(policy_path)] if policy_path else []
    base = [sys.executable, "-m", "proxy"]
    guard = (
        shlex.split(guard_command)
        if guard_command
        else [
            *base,
            "run",
            "--listen-port",
            str(proxy_port),
            "--pages-port",
            str(pages_port),
            *policy_args,
        ]
    )
    pages = [
        *base,
        "serve",
        "--port",
        str(pages_port),
        "--proxy-port",
        str(proxy_port),
        *policy_args,
    ]
    TrayApp(
        TraySettings(tuple(guard), tuple(pages), proxy_port, pages_port, policy_path, poll_seconds)
    ).run()
