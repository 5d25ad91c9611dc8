from datetime import UTC, datetime, timedelta

import pytest

from proxy.report.period import PeriodError, parse_since

NOW = datetime(2026, 8, 31, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30d", NOW - timedelta(days=30)),
        ("2w", NOW - timedelta(weeks=2)),
        ("6m", datetime(2026, 2, 28, 12, tzinfo=UTC)),
        ("1y", datetime(2025, 8, 31, 12, tzinfo=UTC)),
        (" 7D ", NOW - timedelta(days=7)),
        ("2026-01-15", datetime(2026, 1, 15, tzinfo=UTC)),
    ],
)
def test_accepted_periods(text: str, expected: datetime) -> None:
    assert parse_since(text, NOW) == expected


@pytest.mark.parametrize(
    "text", ["", "30", "3x", "0d", "-5d", "demain", "2026-13-01", "2027-01-01"]
)
def test_refused_periods_explain_what_is_accepted(text: str) -> None:
    with pytest.raises(PeriodError, match="30d"):
        parse_since(text, NOW)
