"""The report as one CSV table in long format (one figure per line), for a spreadsheet."""

import csv
import io
from datetime import timedelta

from proxy.report.model import (
    ACTION_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    UNKNOWN_MODEL,
    UsageReport,
    requests_by_action,
)

HEADERS = ["rubrique", "outil", "statut", "semaine", "action", "élément", "valeur", "unité"]


def _minutes(span: timedelta) -> str:
    """Minutes with one decimal (a dot, like the other decimals of this file)."""
    return f"{span.total_seconds() / 60:.1f}"


def _line(
    section: str,
    value: int | str,
    unit: str,
    *,
    tool: str = "",
    status: str = "",
    week: str = "",
    action: str = "",
    item: str = "",
) -> list[int | str]:
    """One figure in the column order of HEADERS; the columns that do not apply stay empty."""
    return [section, tool, status, week, action, item, value, unit]


def render_csv(report: UsageReport) -> str:
    """Every figure of the report, one per line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS)
    names = {tool.tool_id: tool.name for tool in report.tools}
    for tool in report.tools:
        about = {"tool": tool.name, "status": STATUS_LABELS[tool.status]}
        for action, count in requests_by_action(tool):
            writer.writerow(
                _line("requêtes", count, "requêtes", action=ACTION_LABELS[action], **about)
            )
        if tool.estimated:
            energy = f"{tool.energy_kwh:.6g}"
            writer.writerow(_line("empreinte", energy, "kWh", item="énergie", **about))
            emissions = f"{tool.gwp_kgco2eq:.6g}"
            writer.writerow(_line("empreinte", emissions, "kgCO2eq", item="émissions", **about))
        if tool.unestimated:
            writer.writerow(
                _line("empreinte", tool.unestimated, "requêtes", item=UNKNOWN_MODEL, **about)
            )
    for week in report.weeks:
        writer.writerow(
            _line(
                "semaine",
                week.requests,
                "requêtes",
                tool=names.get(week.tool_id, week.tool_id),
                week=week.week_start.isoformat(),
            )
        )
    for tag in report.tags:
        writer.writerow(
            _line(
                KIND_LABELS.get(tag.kind, tag.kind),
                tag.requests,
                "requêtes",
                action=ACTION_LABELS.get(tag.action, tag.action),
                item=tag.label,
            )
        )
    for sighting in report.sightings:
        writer.writerow(
            _line("hôte non catalogué", sighting.sightings, "requêtes", tool=sighting.host)
        )
    acks = report.acknowledgements
    accepted = f"version {acks.charter_version} acceptée"
    writer.writerow(_line("charte", acks.acknowledged, "appareils", item=accepted))
    not_accepted = "actifs sans acceptation"
    writer.writerow(_line("charte", acks.active_not_acknowledged, "appareils", item=not_accepted))
    writer.writerow(_line("incidents", len(report.open_incidents), "incidents", item="ouverts"))
    pauses = report.pauses
    writer.writerow(_line("protection", pauses.pauses, "pauses", item="pauses"))
    paused = _minutes(pauses.paused)
    writer.writerow(_line("protection", paused, "minutes", item="durée en pause"))
    for line in pauses.by_device or ():
        device = line.device_id
        writer.writerow(_line("appareil", line.pauses, "pauses", action="pause", item=device))
        paused = _minutes(line.paused)
        writer.writerow(_line("appareil", paused, "minutes", action="en pause", item=device))
    for person in report.people or ():
        for action, count in requests_by_action(person):
            label = ACTION_LABELS[action]
            writer.writerow(
                _line("appareil", count, "requêtes", action=label, item=person.device_id)
            )
    return buffer.getvalue()
