"""Sizes per tool, with the unit named: what left for the tool (blocked requests never did) and came back."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from proxy.config.policy import load_policy
from proxy.report import tables
from proxy.report.formatting import size
from proxy.report.queries import build_report
from proxy.report.render_csv import render_csv
from proxy.report.render_html import render_html
from proxy.storage.outbox import Outbox
from proxy.storage.usage_log import UsageLog
from tests.support.csv_rows import csv_rows
from tests.support.records import make_record

NOW = datetime(2026, 3, 25, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("octets", "shown"),
    [
        (0, "0 o"),
        (850, "850 o"),
        (12_300, "12,3 ko"),
        (4_560_000, "4,56 Mo"),
        (2_000_000_000, "2 Go"),
    ],
)
def test_sizes_name_their_unit(octets: int, shown: str) -> None:
    assert size(octets) == shown


def test_sizes_per_tool_count_only_what_was_sent(db_url: str, tmp_path: Path) -> None:
    log = UsageLog.open(db_url, Outbox(tmp_path / "o.sqlite3"))
    at = NOW - timedelta(days=2)
    log.record_many(
        [
            make_record(
                occurred_at=at, action="allow", request_bytes=1_500_000, response_bytes=3_000_000
            ),
            make_record(
                occurred_at=at,
                action="pseudonymize",
                request_bytes=500_000,
                response_bytes=1_000_000,
            ),
            make_record(
                occurred_at=at, action="block", request_bytes=9_000_000, response_bytes=None
            ),
        ]
    )
    report = build_report(log.engine, load_policy(), NOW - timedelta(days=7), NOW)
    (tool,) = report.tools
    assert (tool.sent_bytes, tool.received_bytes) == (2_000_000, 4_000_000)
    row = tables.tools(report).rows[0]
    headers = tables.tools(report).headers
    assert dict(zip(headers, row, strict=True))["Volume envoyé"] == "2 Mo"
    assert dict(zip(headers, row, strict=True))["Volume reçu"] == "4 Mo"
    assert "4 Mo" in render_html(report)
    sizes = {
        r["élément"]: (r["valeur"], r["unité"])
        for r in csv_rows(render_csv(report))
        if r["rubrique"] == "taille"
    }
    assert sizes == {"envoyé": ("2000000", "octets"), "reçu": ("4000000", "octets")}
    log.close()
