"""``garde-ia doctor``: is protection effective here? The checks live in :mod:`proxy.doctor.checks`."""

from pathlib import Path

import click

from proxy.cli.options import db_option, policy_option


@click.command("doctor")
@click.option(
    "--proxy",
    "proxy_url",
    default="http://127.0.0.1:8080",
    show_default=True,
    help="Adresse du garde-fou en cours d'exécution.",
)
@click.option(
    "--pac-url", help="Adresse du fichier PAC (par défaut : celle notée par garde-ia setup)."
)
@db_option
@policy_option
def command(
    proxy_url: str, pac_url: str | None, db_url: str | None, policy_path: Path | None
) -> None:
    """Vérifie que la protection fonctionne sur cet appareil, et dit quoi faire sinon."""
    from proxy.doctor.checks import DoctorSettings, protection_effective, run_checks

    settings = DoctorSettings(
        proxy_url=proxy_url, pac_url=pac_url, db_url=db_url, policy_path=policy_path
    )
    results = run_checks(settings)
    marks = {"ok": "✓", "warn": "!", "fail": "✗"}
    for result in results:
        click.echo(f"{marks[result.status]} {result.title} : {result.detail}")
        if result.fix and result.status != "ok":
            click.echo(f"    → À faire : {result.fix}")
    if protection_effective(results):
        click.echo("La protection est active sur cet appareil.")
        return
    click.echo("Attention : la protection n'est pas complète (voir les ✗ ci-dessus).", err=True)
    raise SystemExit(1)
