"""The report as plain-text tables for the terminal."""

from collections.abc import Sequence

from proxy.report import tables
from proxy.report.formatting import day, duration, number
from proxy.report.model import UsageReport
from proxy.report.tables import Table

EMPTY_MESSAGE = (
    "Aucune activité enregistrée sur cette période : le journal d'usage est vide pour ces dates."
)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns separated by two spaces, with a rule under the headers."""
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)
    ]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines)


def render_text(report: UsageReport) -> str:
    """Every section of the report, as text."""
    parts = [
        f"Rapport d'usage de l'IA générative — {report.organisation or 'votre association'}",
        f"Période : du {day(report.since)} au {day(report.generated_at)}",
        f"Charte : {report.charter_title} (version {report.charter_version})",
        "",
    ]
    if report.is_empty:
        parts += [EMPTY_MESSAGE, ""]
    parts += ["Outils utilisés", _show(tables.tools(report)) if report.tools else "(aucun)", ""]
    parts += [
        "Données sensibles et règles de la charte",
        _show(tables.tags(report)) if report.tags else "(aucune)",
        "",
    ]
    parts += ["Outils d'IA hors catalogue (IA fantôme)", _sightings(report), ""]
    parts += ["Prise de connaissance de la charte", _acknowledgements(report), ""]
    parts += ["Pauses de la protection", _pauses(report), ""]
    parts += ["Incidents ouverts", _incidents(report), ""]
    if report.people is not None:
        parts += [
            "Détail par appareil (activé par la politique de l'association)",
            _show(tables.people(report)),
            "",
        ]
    return "\n".join(parts)


def _show(content: Table) -> str:
    return table(content.headers, content.rows)


def _sightings(report: UsageReport) -> str:
    return _show(tables.sightings(report)) if report.sightings else "(aucun)"


def _acknowledgements(report: UsageReport) -> str:
    status = report.acknowledgements
    return (
        f"{number(status.acknowledged)} appareil(s) ont accepté la version {status.charter_version} ; "
        f"{number(status.active_not_acknowledged)} appareil(s) actif(s) ne l'ont pas encore acceptée."
    )


def pauses_sentence(report: UsageReport) -> str:
    """The period's pauses in one French sentence, for every device together."""
    pauses = report.pauses
    if pauses.is_empty:
        return "Aucune pause de la protection sur la période."
    return (
        f"{number(pauses.pauses)} pause(s) de la protection sur {number(pauses.devices)} appareil(s), "
        f"soit {duration(pauses.paused)} sans protection au total."
    )


def _pauses(report: UsageReport) -> str:
    text = pauses_sentence(report)
    if not report.pauses.by_device:
        return text
    detail = _show(tables.pauses_by_device(report))
    return f"{text}\nDétail par appareil (activé par la politique de l'association) :\n{detail}"


def _incidents(report: UsageReport) -> str:
    return _show(tables.incidents(report)) if report.open_incidents else "(aucun)"
