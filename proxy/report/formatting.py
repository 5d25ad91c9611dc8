"""French formatting of numbers, dates and footprints, shared by the renderers."""

from datetime import date, datetime, timedelta

from proxy.report.model import UNKNOWN_MODEL, ToolLine


def number(value: int) -> str:
    """12 345 (French thousands separator: a narrow no-break space)."""
    return f"{value:,}".replace(",", "\u202f")


def decimal(value: float, digits: int = 3) -> str:
    """A short decimal with a French comma: 0,0123 ; 12,3 ; 1 234."""
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}" if abs(value) < 1000 else number(round(value))
    if "e" in text:
        text = f"{value:.6f}".rstrip("0")
    return text.replace(".", ",")


def size(octets: int) -> str:
    """A size with its unit named, in French decimal units: « 850 o », « 12,3 ko », « 4,56 Mo »."""
    for unit, scale in (("Go", 10**9), ("Mo", 10**6), ("ko", 10**3)):
        if octets >= scale:
            return f"{decimal(octets / scale)} {unit}"
    return f"{number(octets)} o"


def day(moment: date | datetime) -> str:
    """12/03/2026."""
    return moment.strftime("%d/%m/%Y")


def duration(span: timedelta) -> str:
    """A length of time in French words: « 2 j 3 h 05 min », « 45 min », « moins d'une minute »."""
    minutes = round(span.total_seconds() / 60)
    if minutes == 0:
        return "moins d'une minute" if span > timedelta() else "0 min"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} j"] if days else []
    if hours or days:
        parts.append(f"{hours} h")
    parts.append(f"{mins:02d} min" if parts else f"{mins} min")
    return " ".join(parts)


def footprint(tool: ToolLine) -> str:
    """The tool's footprint in words: figures, or why there are none."""
    if tool.sent == 0:
        return "—"
    if tool.estimated == 0:
        return UNKNOWN_MODEL
    text = f"{decimal(tool.energy_kwh)} kWh ; {decimal(tool.gwp_kgco2eq)} kgCO2eq"
    if tool.unestimated:
        text += f" (+ {number(tool.unestimated)} requête(s) : {UNKNOWN_MODEL})"
    return text
