"""``garde-ia charter show|accept``: read the charter summary and acknowledge it from the command line."""

from pathlib import Path

import click

from proxy.cli.failures import UserError
from proxy.cli.options import db_option, policy_option

YES = ("o", "oui", "y", "yes")


@click.group("charter")
def command() -> None:
    """La charte IA de l'association : la lire, la confirmer."""


@command.command("show")
@policy_option
@db_option
def show(policy_path: Path | None, db_url: str | None) -> None:
    """Affiche le résumé de la charte et dit si elle est confirmée sur cet appareil."""
    from proxy.charter.gate import current_acknowledgement
    from proxy.charter.text import CHECKLIST, SUMMARY
    from proxy.config.policy import load_policy
    from proxy.storage import UsageLog

    policy = load_policy(policy_path)
    log = UsageLog.open(
        db_url
    )  # before printing: a wrong data folder must not cut the text in half
    found = current_acknowledgement(log.engine, policy)
    log.close()
    charter = policy.charter
    click.echo(f"{charter.title} (version {charter.version})\n{charter.url}\n")
    for section in SUMMARY:
        click.echo(section.title)
        for point in section.points:
            click.echo(f"  - {point}")
    click.echo("\nAvant d'utiliser l'IA, demandez-vous :")
    for title, question in CHECKLIST:
        click.echo(f"  - {title} : {question}")
    if found:
        click.echo(
            f"\nConfirmée sur cet appareil le {found.acknowledged_at.astimezone():%d/%m/%Y à %H:%M}."
        )
    else:
        click.echo(
            "\nPas encore confirmée sur cet appareil : « garde-ia charter accept » après lecture."
        )


@command.command("accept")
@policy_option
@db_option
@click.option("--yes", is_flag=True, help="Confirmer sans question (scripts).")
def accept(policy_path: Path | None, db_url: str | None, yes: bool) -> None:
    """Confirme avoir lu la version en vigueur de la charte, sur cet appareil."""
    from proxy.config.device import device_id
    from proxy.config.policy import load_policy
    from proxy.storage import UsageLog
    from proxy.storage.acknowledgements import acknowledge

    charter = load_policy(policy_path).charter
    log = UsageLog.open(db_url)  # a wrong data folder is said before the question, not after
    if not yes:
        question = f"Avez-vous lu « {charter.title} » (version {charter.version}) et vous engagez-vous à la respecter ? [o/N]"
        try:
            answer = click.prompt(question, default="n", show_default=False)
        except click.Abort as error:  # end of input (a script) or Ctrl+C
            log.close()
            raise UserError(
                "aucune réponse lue : la charte n'est pas confirmée, rien n'a été enregistré. "
                "Pour confirmer sans question : garde-ia charter accept --yes"
            ) from error
        if answer.strip().lower() not in YES:
            log.close()
            raise UserError(
                "charte non confirmée (réponse autre que « o ») : rien n'a été enregistré"
            )
    found = acknowledge(log.engine, device_id(), charter.version)
    log.close()
    click.echo(
        f"Merci ! Charte version {found.charter_version} confirmée le {found.acknowledged_at.astimezone():%d/%m/%Y à %H:%M}."
    )
