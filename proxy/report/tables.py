"""The report's tables, each written once as French headers and rows of plain text.

The text and HTML renderers lay them out (and escape them) their own way; the content is the same.
"""

from dataclasses import dataclass

from proxy.charter.data_categories import (
    DATA_CATEGORIES,  # the form's own words for each kind of data
)
from proxy.report.formatting import day, duration, footprint, number, size
from proxy.report.model import (
    ACTION_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    UsageReport,
    requests_by_action,
)

ACTION_HEADERS = ("Autorisées", "Pseudonymisées", "Bloquées")
DEVICE_HEADER = "Appareil (pseudonyme)"
MINORS = {True: "oui", False: "non", None: "?"}


@dataclass(frozen=True, slots=True)
class Table:
    """Column headers and rows of already formatted cells."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def tools(report: UsageReport, footprint_header: str = "Empreinte estimée") -> Table:
    """Requests per tool and action, with the tool's estimated footprint."""
    return Table(
        (
            "Outil",
            "Statut",
            "Requêtes",
            *ACTION_HEADERS,
            "Volume envoyé",
            "Volume reçu",
            footprint_header,
        ),
        tuple(
            (
                t.name,
                STATUS_LABELS[t.status],
                number(t.total),
                *(number(count) for _, count in requests_by_action(t)),
                size(t.sent_bytes),
                size(t.received_bytes),
                footprint(t),
            )
            for t in report.tools
        ),
    )


def tags(report: UsageReport) -> Table:
    """Requests per charter rule, sensitive category or data type, and action taken."""
    return Table(
        ("Type", "Élément", "Action", "Requêtes"),
        tuple(
            (
                KIND_LABELS.get(t.kind, t.kind),
                t.label,
                ACTION_LABELS.get(t.action, t.action),
                number(t.requests),
            )
            for t in report.tags
        ),
    )


def sightings(report: UsageReport) -> Table:
    """AI tools outside the catalog, week by week (counted, never opened); devices with per-person detail."""
    with_devices = any(s.devices is not None for s in report.sightings)
    return Table(
        ("Semaine du", "Outil", "Hôtes", "Connexions", *(("Appareils",) if with_devices else ())),
        tuple(
            (
                s.week_start.strftime("%d/%m/%Y"),
                s.name,
                ", ".join(s.hosts),
                number(s.sightings),
                *((number(s.devices or 0),) if with_devices else ()),
            )
            for s in report.sightings
        ),
    )


def pauses_by_device(report: UsageReport) -> Table:
    """Pauses per device (no row unless the policy enables per-person detail)."""
    return Table(
        (DEVICE_HEADER, "Pauses", "Durée en pause"),
        tuple(
            (p.device_id, number(p.pauses), duration(p.paused))
            for p in report.pauses.by_device or ()
        ),
    )


def incidents(report: UsageReport) -> Table:
    """Open incidents of the breach register, with the CNIL notification deadline."""
    return Table(
        (
            "Incident",
            "Découvert le",
            "Notification CNIL avant le",
            "Données",
            "Personnes",
            "Mineurs",
        ),
        tuple(
            (
                f"n° {i.id}",
                day(i.draft.discovered_at),
                day(i.notification_deadline),
                ", ".join(DATA_CATEGORIES.get(c, c) for c in i.draft.data_categories) or "—",
                "?" if i.draft.approx_people is None else number(i.draft.approx_people),
                MINORS[i.draft.minors_involved],
            )
            for i in report.open_incidents
        ),
    )


def people(report: UsageReport) -> Table:
    """Requests per device and action (no row unless the policy enables per-person detail)."""
    return Table(
        (DEVICE_HEADER, *ACTION_HEADERS),
        tuple(
            (p.device_id, *(number(count) for _, count in requests_by_action(p)))
            for p in report.people or ()
        ),
    )
