"""``garde-ia incident list|show|close``: the referent's view of the breach register (GDPR Art. 33(5))."""

from datetime import datetime

import click

from proxy.commands.options import db_option
from proxy.events import utc_now

STATUS_LABELS = {"open": "ouvert", "closed": "clos"}
MINORS = {True: "oui", False: "non", None: "ne sait pas"}


def _when(moment: datetime) -> str:
    return f"{moment.astimezone():%d/%m/%Y %H:%M}"


def _deadline(deadline: datetime, status: str) -> str:
    if status == "closed":
        return f"{_when(deadline)}"
    left = deadline - utc_now()
    if left.total_seconds() <= 0:
        return f"{_when(deadline)} (DÉPASSÉ)"
    return f"{_when(deadline)} (reste {int(left.total_seconds() // 3600)} h)"


@click.group("incident")
def command() -> None:
    """Le registre des violations de données (signalements d'erreur)."""


@command.command("list")
@db_option
@click.option("--status", type=click.Choice(["open", "closed"]), help="Seulement les ouverts ou les clos.")
def list_command(db_url: str | None, status: str | None) -> None:
    """Liste les signalements, les plus récents d'abord, avec le délai de notification de 72 h."""
    from proxy.storage import UsageLog
    from proxy.storage.incidents import list_incidents

    log = UsageLog.open(db_url)
    entries = list_incidents(log.engine, "open" if status == "open" else "closed" if status else None)
    log.close()
    if not entries:
        click.echo("Aucun signalement.")
        return
    for entry in entries:
        click.echo(
            f"n° {entry.id}  {STATUS_LABELS[entry.status]:7}  découvert le {_when(entry.draft.discovered_at)}  "
            f"outil : {entry.draft.tool_id or 'autre'}  notification avant le "
            f"{_deadline(entry.notification_deadline, entry.status)}"
        )


@command.command("show")
@db_option
@click.argument("number", type=int)
def show(db_url: str | None, number: int) -> None:
    """Affiche un signalement comme une entrée du registre (RGPD art. 33(5))."""
    from proxy.storage import UsageLog
    from proxy.storage.incidents import IncidentNotFoundError, show_incident

    log = UsageLog.open(db_url)
    try:
        entry = show_incident(log.engine, number)
    except IncidentNotFoundError as error:
        raise click.ClickException(f"aucun signalement n° {number}") from error
    finally:
        log.close()
    draft = entry.draft
    lines = [
        f"Signalement n° {entry.id} ({STATUS_LABELS[entry.status]})",
        f"Découvert le : {_when(draft.discovered_at)} ; signalé le : {_when(entry.reported_at)}",
        f"Notification à la CNIL, si nécessaire, avant le : {_deadline(entry.notification_deadline, entry.status)}",
        f"Outil : {draft.tool_id or 'autre'}",
        f"Catégories de données : {', '.join(draft.data_categories) or 'non précisé'}",
        f"Mineur·e·s concerné·e·s : {MINORS[draft.minors_involved]}",
        f"Nombre approximatif de personnes : {draft.approx_people if draft.approx_people is not None else 'non précisé'}",
        f"Faits : {draft.facts}",
        f"Conséquences probables : {draft.consequences or 'à évaluer'}",
        f"Mesures prises : {draft.measures_taken or 'aucune indiquée'}",
    ]
    if entry.closed_at:
        lines.append(f"Clos le : {_when(entry.closed_at)}")
    lines.append(f"Notes du ou de la référent·e : {entry.referent_notes or '(aucune)'}")
    click.echo("\n".join(lines))


@command.command("close")
@db_option
@click.argument("number", type=int)
@click.option("--notes", required=True, help="Ce que le ou la référent·e a décidé (notifié ou non, et pourquoi).")
@click.option("--measures", help="Les mesures finales prises.")
def close(db_url: str | None, number: int, notes: str, measures: str | None) -> None:
    """Clôt un signalement avec les notes du ou de la référent·e."""
    from proxy.storage import UsageLog
    from proxy.storage.incidents import IncidentNotFoundError, close_incident

    if not notes.strip():
        raise click.ClickException("les notes ne peuvent pas être vides : dites ce qui a été décidé")
    log = UsageLog.open(db_url)
    try:
        entry = close_incident(log.engine, number, notes.strip(), measures)
    except IncidentNotFoundError as error:
        raise click.ClickException(f"aucun signalement n° {number}") from error
    finally:
        log.close()
    click.echo(f"Signalement n° {entry.id} clos le {_when(entry.closed_at or utc_now())}.")
