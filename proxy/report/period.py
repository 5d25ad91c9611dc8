"""The report's period: ``--since 30d`` (days), ``12w`` (weeks), ``6m`` (months), ``1y`` or a date."""

import re
from datetime import UTC, date, datetime, timedelta

from proxy.storage.purge import months_before

_RELATIVE = re.compile(r"^\s*(\d{1,4})\s*([dwmy])\s*$", re.IGNORECASE)
SINCE_HELP = "Période : 30d (jours), 12w (semaines), 6m (mois), 1y (an) ou une date AAAA-MM-JJ."


class PeriodError(ValueError):
    """The period is not understood; the message says what is accepted, in French."""


def parse_since(text: str, now: datetime) -> datetime:
    """The start of the period described by ``text``, relative to ``now``."""
    match = _RELATIVE.match(text)
    if match:
        amount, unit = int(match.group(1)), match.group(2).lower()
        if amount == 0:
            raise PeriodError(f"Période vide : « {text} ». {SINCE_HELP}")
        if unit == "d":
            return now - timedelta(days=amount)
        if unit == "w":
            return now - timedelta(weeks=amount)
        return months_before(now, amount if unit == "m" else 12 * amount)
    try:
        start = date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(f"Période non comprise : « {text} ». {SINCE_HELP}") from None
    moment = datetime(start.year, start.month, start.day, tzinfo=UTC)
    if moment > now:
        raise PeriodError(f"La date « {text} » est dans le futur. {SINCE_HELP}")
    return moment
