"""``garde-ia incident list|show|close``: the referent's view of the breach register (GDPR Art. 33(5))."""

from datetime import datetime
from typing import TYPE_CHECKING

import click

from proxy.cli.failures import UserError
from proxy.cli.options import db_option
from proxy.usage.events import utc_now

if TYPE_CHECKING:
    from proxy.storage.incidents import IncidentEntry

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


def _tool_name(tool_id: str | None) -> str:
    from proxy.config.catalog import load_catalog

    if not tool_id or tool_id == "autre":
        return "autre outil"
    names = load_catalog().tool_names()
    return names.get(tool_id, tool_id)


def _categories(ids: tuple[str, ...]) -> str:
    from proxy.charter.data_categories import DATA_CATEGORIES

    return ", ".join(DATA_CATEGORIES.get(i, i) for i in ids) or "non précisé"


@command.command("list")
@db_option
@click.option(
    "--status", type=click.Choice(["open", "closed"]), help="Seulement les ouverts ou les clos."
)
def list_command(db_url: str | None, status: str | None) -> None:
    """Liste les signalements, les plus récents d'abord, avec le délai de notification de 72 h."""
    from proxy.storage import UsageLog
    from proxy.storage.incidents import list_incidents

    log = UsageLog.open(db_url)
    entries = list_incidents(
        log.engine, "open" if status == "open" else "closed" if status else None
    )
    log.close()
    if not entries:
        click.echo("Aucun signalement.")
        return
    for entry in entries:
        click.echo(
            f"n° {entry.id}  {STATUS_LABELS[entry.status]:7}  découvert le {_when(entry.draft.discovered_at)}  "
            f"outil : {_tool_name(entry.draft.tool_id)}  notification avant le "
            f"{_deadline(entry.notification_deadline, entry.status)}"
        )


def _indented(text: str) -> list[str]:
    return [f"  {line}" for line in text.splitlines()]


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
        raise UserError(f"aucun signalement n° {number}") from error
    finally:
        log.close()
    draft = entry.draft
    lines = [
        f"Signalement n° {entry.id} ({STATUS_LABELS[entry.status]})",
        f"Découvert le : {_when(draft.discovered_at)} ; signalé le : {_when(entry.reported_at)}",
        f"Notification à la CNIL, si nécessaire, avant le : {_deadline(entry.notification_deadline, entry.status)}",
        f"Outil : {_tool_name(draft.tool_id)}",
        f"Catégories de données : {_categories(draft.data_categories)}",
        f"Mineur·e·s concerné·e·s : {MINORS[draft.minors_involved]}",
        f"Nombre approximatif de personnes : {draft.approx_people if draft.approx_people is not None else 'non précisé'}",
        f"Faits : {draft.facts}",
        f"Conséquences probables : {draft.consequences or 'à évaluer'}",
        "Mesures prises :",
        *_indented(draft.measures_taken or "aucune indiquée"),
    ]
    if entry.closed_at:
        lines.append(f"Clos le : {_when(entry.closed_at)}")
    lines += [
        "Notes du ou de la référent·e (les plus anciennes d'abord) :",
        *_indented(entry.referent_notes or "(aucune)"),
    ]
    click.echo("\n".join(lines))


def _add_to_register(
    db_url: str | None, number: int, notes: str, measures: str | None, closing: bool
) -> "IncidentEntry":
    """Close an entry or add a note to it, saying in French what stopped it."""
    from proxy.storage import UsageLog
    from proxy.storage.incidents import (
        IncidentClosedError,
        IncidentNotFoundError,
        annotate_incident,
        close_incident,
    )

    if not notes.strip():
        raise UserError("les notes ne peuvent pas être vides : dites ce qui a été décidé")
    change = close_incident if closing else annotate_incident
    log = UsageLog.open(db_url)
    try:
        return change(log.engine, number, notes.strip(), (measures or "").strip() or None)
    except IncidentNotFoundError as error:
        raise UserError(f"aucun signalement n° {number}") from error
    except IncidentClosedError as error:
        raise UserError(
            f"le signalement n° {number} est déjà clos depuis le {_when(error.closed_at)} : rien n'a "
            f"été modifié. Pour ajouter une note : garde-ia incident note {number} --notes « … »"
        ) from error
    finally:
        log.close()


@command.command("close")
@db_option
@click.argument("number", type=int)
@click.option(
    "--notes",
    required=True,
    help="Ce que le ou la référent·e a décidé (notifié ou non, et pourquoi).",
)
@click.option("--measures", help="Les mesures finales, ajoutées à celles déjà notées.")
def close(db_url: str | None, number: int, notes: str, measures: str | None) -> None:
    """Clôt un signalement ouvert ; les notes et mesures sont ajoutées, datées, sans rien effacer."""
    entry = _add_to_register(db_url, number, notes, measures, closing=True)
    click.echo(f"Signalement n° {entry.id} clos le {_when(entry.closed_at or utc_now())}.")


@command.command("note")
@db_option
@click.argument("number", type=int)
@click.option(
    "--notes", required=True, help="La note à ajouter (suite donnée, réponse de la CNIL…)."
)
@click.option("--measures", help="Des mesures prises depuis, ajoutées aux précédentes.")
def note(db_url: str | None, number: int, notes: str, measures: str | None) -> None:
    """Ajoute une note datée à un signalement, ouvert ou clos, sans effacer les précédentes."""
    entry = _add_to_register(db_url, number, notes, measures, closing=False)
    click.echo(f"Note ajoutée au signalement n° {entry.id} ({STATUS_LABELS[entry.status]}).")
