"""The report as plain-text tables for the terminal."""

from collections.abc import Sequence

from proxy.report.formatting import day, duration, footprint, number
from proxy.report.model import ACTION_LABELS, KIND_LABELS, STATUS_LABELS, UsageReport

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
    parts += ["Outils utilisés", _tools(report) if report.tools else "(aucun)", ""]
    parts += [
        "Données sensibles et règles de la charte",
        _tags(report) if report.tags else "(aucune)",
        "",
    ]
    parts += ["Hôtes IA non catalogués (IA fantôme possible)", _sightings(report), ""]
    parts += ["Prise de connaissance de la charte", _acknowledgements(report), ""]
    parts += ["Pauses de la protection", _pauses(report), ""]
    parts += ["Incidents ouverts", _incidents(report), ""]
    if report.people is not None:
        parts += [
            "Détail par appareil (activé par la politique de l'association)",
            _people(report),
            "",
        ]
    return "\n".join(parts)


def _tools(report: UsageReport) -> str:
    rows = [
        [
            t.name,
            STATUS_LABELS[t.status],
            number(t.total),
            number(t.allowed),
            number(t.pseudonymized),
            number(t.blocked),
            footprint(t),
        ]
        for t in report.tools
    ]
    headers = [
        "Outil",
        "Statut",
        "Requêtes",
        "Autorisées",
        "Pseudonymisées",
        "Bloquées",
        "Empreinte estimée",
    ]
    return table(headers, rows)


def _tags(report: UsageReport) -> str:
    rows = [
        [
            KIND_LABELS.get(t.kind, t.kind),
            t.label,
            ACTION_LABELS.get(t.action, t.action),
            number(t.requests),
        ]
        for t in report.tags
    ]
    return table(["Type", "Élément", "Action", "Requêtes"], rows)


def _sightings(report: UsageReport) -> str:
    if not report.sightings:
        return "(aucun)"
    rows = [
        [s.host, number(s.sightings), day(s.first_seen), day(s.last_seen)] for s in report.sightings
    ]
    return table(["Hôte", "Requêtes", "Vu la 1re fois", "Vu la dernière fois"], rows)


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
    lines = report.pauses.by_device
    if not lines:
        return text
    rows = [[p.device_id, number(p.pauses), duration(p.paused)] for p in lines]
    detail = table(["Appareil (pseudonyme)", "Pauses", "Durée en pause"], rows)
    return f"{text}\nDétail par appareil (activé par la politique de l'association) :\n{detail}"


def _incidents(report: UsageReport) -> str:
    if not report.open_incidents:
        return "(aucun)"
    rows = [
        [
            f"n° {i.id}",
            day(i.draft.discovered_at),
            day(i.notification_deadline),
            ", ".join(i.draft.data_categories) or "—",
            "?" if i.draft.approx_people is None else number(i.draft.approx_people),
            {True: "oui", False: "non", None: "?"}[i.draft.minors_involved],
        ]
        for i in report.open_incidents
    ]
    return table(
        [
            "Incident",
            "Découvert le",
            "Notification CNIL avant le",
            "Données",
            "Personnes",
            "Mineurs",
        ],
        rows,
    )


def _people(report: UsageReport) -> str:
    rows = [
        [p.device_id, number(p.allowed), number(p.pseudonymized), number(p.blocked)]
        for p in report.people or ()
    ]
    return table(["Appareil (pseudonyme)", "Autorisées", "Pseudonymisées", "Bloquées"], rows)
