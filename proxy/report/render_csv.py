"""The report as one CSV table in long format (one figure per line), for a spreadsheet."""

import csv
import io
from datetime import timedelta

from proxy.report.model import ACTION_LABELS, KIND_LABELS, STATUS_LABELS, UNKNOWN_MODEL, UsageReport

HEADERS = ["rubrique", "outil", "statut", "semaine", "action", "élément", "valeur", "unité"]


def _minutes(span: timedelta) -> str:
    """Minutes with one decimal (a dot, like the other decimals of this file)."""
    return f"{span.total_seconds() / 60:.1f}"


def render_csv(report: UsageReport) -> str:
    """Every figure of the report, one per line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS)
    names = {tool.tool_id: tool.name for tool in report.tools}
    for tool in report.tools:
        status = STATUS_LABELS[tool.status]
        for action, count in (
            ("allow", tool.allowed),
            ("pseudonymize", tool.pseudonymized),
            ("block", tool.blocked),
        ):
            writer.writerow(
                ["requêtes", tool.name, status, "", ACTION_LABELS[action], "", count, "requêtes"]
            )
        if tool.estimated:
            writer.writerow(
                ["empreinte", tool.name, status, "", "", "énergie", f"{tool.energy_kwh:.6g}", "kWh"]
            )
            writer.writerow(
                [
                    "empreinte",
                    tool.name,
                    status,
                    "",
                    "",
                    "émissions",
                    f"{tool.gwp_kgco2eq:.6g}",
                    "kgCO2eq",
                ]
            )
        if tool.unestimated:
            writer.writerow(
                [
                    "empreinte",
                    tool.name,
                    status,
                    "",
                    "",
                    UNKNOWN_MODEL,
                    tool.unestimated,
                    "requêtes",
                ]
            )
    for week in report.weeks:
        writer.writerow(
            [
                "semaine",
                names.get(week.tool_id, week.tool_id),
                "",
                week.week_start.isoformat(),
                "",
                "",
                week.requests,
                "requêtes",
            ]
        )
    for tag in report.tags:
        writer.writerow(
            [
                KIND_LABELS.get(tag.kind, tag.kind),
                "",
                "",
                "",
                ACTION_LABELS.get(tag.action, tag.action),
                tag.label,
                tag.requests,
                "requêtes",
            ]
        )
    for sighting in report.sightings:
        writer.writerow(
            ["hôte non catalogué", sighting.host, "", "", "", "", sighting.sightings, "requêtes"]
        )
    acks = report.acknowledgements
    writer.writerow(
        [
            "charte",
            "",
            "",
            "",
            "",
            f"version {acks.charter_version} acceptée",
            acks.acknowledged,
            "appareils",
        ]
    )
    writer.writerow(
        [
            "charte",
            "",
            "",
            "",
            "",
            "actifs sans acceptation",
            acks.active_not_acknowledged,
            "appareils",
        ]
    )
    writer.writerow(
        ["incidents", "", "", "", "", "ouverts", len(report.open_incidents), "incidents"]
    )
    pauses = report.pauses
    writer.writerow(["protection", "", "", "", "", "pauses", pauses.pauses, "pauses"])
    writer.writerow(
        ["protection", "", "", "", "", "durée en pause", _minutes(pauses.paused), "minutes"]
    )
    for line in pauses.by_device or ():
        writer.writerow(["appareil", "", "", "", "pause", line.device_id, line.pauses, "pauses"])
        writer.writerow(
            ["appareil", "", "", "", "en pause", line.device_id, _minutes(line.paused), "minutes"]
        )
    for person in report.people or ():
        for action, count in (
            ("allow", person.allowed),
            ("pseudonymize", person.pseudonymized),
            ("block", person.blocked),
        ):
            writer.writerow(
                ["appareil", "", "", "", ACTION_LABELS[action], person.device_id, count, "requêtes"]
            )
    return buffer.getvalue()
