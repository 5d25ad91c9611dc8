"""``garde-ia charter show|accept``: read the charter summary and acknowledge it from the command line."""

from pathlib import Path

import click

POLICY_OPTION = click.option("--policy", "policy_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                             help="Fichier de politique de l'association (TOML).")
YES = ["o", "oui", "y", "yes"]
NO = ["n", "non", "no"]
DB_OPTION = click.option("--db", "db_url", help="Adresse du journal d'usage (par défaut : le fichier local).")


@click.group("charter")
def command() -> None:
    """La charte IA de l'association : la lire, la confirmer."""


@command.command("show")
@POLICY_OPTION
@DB_OPTION
def show(policy_path: Path | None, db_url: str | None) -> None:
    """Affiche le résumé de la charte et dit si elle est confirmée sur cet appareil."""
    from proxy.charter_gate import current_acknowledgement
    from proxy.charter_text import CHECKLIST, SUMMARY
    from proxy.policy import load_policy
    from proxy.storage import UsageLog

    policy = load_policy(policy_path)
    charter = policy.charter
    click.echo(f"{charter.title} (version {charter.version})\n{charter.url}\n")
    for section in SUMMARY:
        click.echo(section.title)
        for point in section.points:
            click.echo(f"  - {point}")
    click.echo("\nAvant d'utiliser l'IA, demandez-vous :")
    for title, question in CHECKLIST:
        click.echo(f"  - {title} : {question}")
    log = UsageLog.open(db_url)
    found = current_acknowledgement(log.engine, policy)
    log.close()
    if found:
        click.echo(f"\nConfirmée sur cet appareil le {found.acknowledged_at.astimezone():%d/%m/%Y à %H:%M}.")
    else:
        click.echo("\nPas encore confirmée sur cet appareil : « garde-ia charter accept » après lecture.")


@command.command("accept")
@POLICY_OPTION
@DB_OPTION
@click.option("--yes", is_flag=True, help="Confirmer sans question (scripts).")
def accept(policy_path: Path | None, db_url: str | None, yes: bool) -> None:
    """Confirme avoir lu la version en vigueur de la charte, sur cet appareil."""
    from proxy.device import device_id
    from proxy.policy import load_policy
    from proxy.storage import UsageLog
    from proxy.storage.acknowledgements import acknowledge

    charter = load_policy(policy_path).charter
    if not yes:
        answer = click.prompt(
            f"Avez-vous lu « {charter.title} » (version {charter.version}) et vous engagez-vous à la respecter ? [o/N]",
            default="n", show_default=False, type=click.Choice(YES + NO, case_sensitive=False), show_choices=False,
        )
        if answer.lower() not in YES:
            raise click.ClickException("charte non confirmée : rien n'a été enregistré")
    log = UsageLog.open(db_url)
    found = acknowledge(log.engine, device_id(), charter.version)
    log.close()
    click.echo(f"Merci ! Charte version {found.charter_version} confirmée le {found.acknowledged_at.astimezone():%d/%m/%Y à %H:%M}.")
