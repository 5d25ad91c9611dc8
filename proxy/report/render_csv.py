"""The report as one CSV table in long format (one figure per line), for a spreadsheet.

By default the file opens as-is in a French spreadsheet (LibreOffice, Excel set to French): a
semicolon between columns, a decimal comma, no scientific notation, UTF-8 with a byte order mark
(without it Excel reads UTF-8 as Windows-1252). ``rfc4180`` gives the plain form for scripts.
"""

import csv
import io
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Literal

from proxy.report.model import (
    ACTION_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    UNKNOWN_MODEL,
    UsageReport,
    requests_by_action,
)

HEADERS = ["rubrique", "outil", "statut", "semaine", "action", "élément", "valeur", "unité"]
CsvDialect = Literal["fr", "rfc4180"]


@dataclass(frozen=True, slots=True)
class _Form:
    delimiter: str
    decimal_mark: str
    line_end: str
    bom: str


FORMS: dict[CsvDialect, _Form] = {
    "fr": _Form(";", ",", "\r\n", "\ufeff"),
    "rfc4180": _Form(",", ".", "\r\n", ""),
}


def plain_decimal(value: float, significant: int = 6) -> str:
    """``value`` with at most ``significant`` digits and never an exponent: 0.00000339906."""
    if value == 0:
        return "0"
    text = format(Decimal(f"{value:.{significant}g}"), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _minutes(span: timedelta) -> float:
    return round(span.total_seconds() / 60, 1)


def _line(
    section: str,
    value: float | str,
    unit: str,
    *,
    tool: str = "",
    status: str = "",
    week: str = "",
    action: str = "",
    item: str = "",
) -> list[int | float | str]:
    """One figure in the column order of HEADERS; the columns that do not apply stay empty."""
    return [section, tool, status, week, action, item, value, unit]


class _Writer:
    """csv.writer that writes figures in the dialect's decimal form."""

    def __init__(self, buffer: io.StringIO, form: _Form) -> None:
        self._form = form
        self._writer = csv.writer(buffer, delimiter=form.delimiter, lineterminator=form.line_end)

    def writerow(self, row: list[int | float | str]) -> None:
        self._writer.writerow(
            [
                plain_decimal(cell).replace(".", self._form.decimal_mark)
                if isinstance(cell, float)
                else cell
                for cell in row
            ]
        )


def render_csv(report: UsageReport, dialect: CsvDialect = "fr") -> str:
    """Every figure of the report, one per line."""
    buffer = io.StringIO()
    form = FORMS[dialect]
    buffer.write(form.bom)
    writer = _Writer(buffer, form)
    writer.writerow(list(HEADERS))
    names = {tool.tool_id: tool.name for tool in report.tools}
    for tool in report.tools:
        about = {"tool": tool.name, "status": STATUS_LABELS[tool.status]}
        for action, count in requests_by_action(tool):
            writer.writerow(
                _line("requêtes", count, "requêtes", action=ACTION_LABELS[action], **about)
            )
        writer.writerow(_line("taille", tool.sent_bytes, "octets", item="envoyé", **about))
        writer.writerow(_line("taille", tool.received_bytes, "octets", item="reçu", **about))
        if tool.estimated:
            energy = tool.energy_kwh
            writer.writerow(_line("empreinte", energy, "kWh", item="énergie", **about))
            emissions = tool.gwp_kgco2eq
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
        seen = {
            "tool": sighting.name,
            "week": sighting.week_start.isoformat(),
            "item": ", ".join(sighting.hosts),
        }
        writer.writerow(_line("outil hors catalogue", sighting.sightings, "connexions", **seen))
        if sighting.devices is not None:
            writer.writerow(_line("outil hors catalogue", sighting.devices, "appareils", **seen))
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
