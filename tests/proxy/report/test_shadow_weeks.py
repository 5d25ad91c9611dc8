"""The « IA fantôme » section: watched tools week by week, devices only with per-person detail."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from proxy.config.policy import build_policy, load_policy
from proxy.report import tables
from proxy.report.queries import build_report
from proxy.report.render_csv import render_csv
from proxy.report.render_html import render_html
from proxy.report.render_text import render_text
from proxy.storage.outbox import Outbox
from proxy.storage.sightings import SightingKey
from proxy.storage.usage_log import UsageLog
from tests.support.csv_rows import csv_rows

NOW = datetime(2026, 3, 25, 12, tzinfo=UTC)  # a Wednesday
WEEK_1, WEEK_2 = "2026-03-16", "2026-03-23"


@pytest.fixture
def log(db_url: str, tmp_path: Path) -> UsageLog:
    log = UsageLog.open(db_url, Outbox(tmp_path / "o.sqlite3"))
    day = timedelta(days=1)
    log.record_sightings(
        {
            SightingKey.at(NOW - 8 * day, "www.midjourney.com", "Midjourney", "dev-a"): 4,
            SightingKey.at(NOW - 7 * day, "cdn.midjourney.com", "Midjourney", "dev-b"): 1,
            SightingKey.at(NOW - day, "www.midjourney.com", "Midjourney", "dev-a"): 2,
            SightingKey.at(NOW - day, "outil.example", "Outil maison", ""): 5,
            SightingKey.at(
                NOW - 60 * day, "www.midjourney.com", "Midjourney", "dev-c"
            ): 9,  # before
        }
    )
    return log


def test_tools_are_listed_week_by_week_with_their_devices_when_detail_is_on(log: UsageLog) -> None:
    policy = build_policy({"report": {"per_person": True}}, "test")
    report = build_report(log.engine, policy, NOW - timedelta(days=30), NOW)
    lines = [(s.week_start.isoformat(), s.hosts, s.sightings, s.devices) for s in report.sightings]
    assert lines == [
        (WEEK_1, ("cdn.midjourney.com", "www.midjourney.com"), 5, 2),
        (WEEK_2, ("outil.example",), 5, 0),
        (WEEK_2, ("www.midjourney.com",), 2, 1),
    ]
    rows = [r for r in csv_rows(render_csv(report)) if r["rubrique"] == "outil hors catalogue"]
    assert [(r["semaine"], r["valeur"], r["unité"]) for r in rows][:2] == [
        (WEEK_1, "5", "connexions"),
        (WEEK_1, "2", "appareils"),
    ]
    assert tables.sightings(report).headers[-1] == "Appareils" and ">Appareils</th>" in render_html(
        report
    )
    assert "16/03/2026" in render_text(report)


def test_without_per_person_detail_no_device_is_counted_or_shown(log: UsageLog) -> None:
    report = build_report(log.engine, load_policy(), NOW - timedelta(days=30), NOW)
    assert {s.devices for s in report.sightings} == {None}
    assert sum(s.sightings for s in report.sightings) == 12
    rows = [r for r in csv_rows(render_csv(report)) if r["rubrique"] == "outil hors catalogue"]
    assert {r["unité"] for r in rows} == {"connexions"}
    text, html = render_text(report), render_html(report)
    assert tables.sightings(report).headers == ("Semaine du", "Outil", "Hôtes", "Connexions")
    assert ">Appareils</th>" not in html and "midjourney" in text.lower()
    assert "dev-a" not in text + html + render_csv(report)


def test_a_host_added_to_the_policy_is_named_as_the_policy_says(log: UsageLog) -> None:
    policy = build_policy({"watch": {"hosts": {"outil.example": "Assistant du réseau"}}}, "test")
    report = build_report(log.engine, policy, NOW - timedelta(days=30), NOW)
    assert "Assistant du réseau" in {s.name for s in report.sightings}
    assert "Assistant du réseau" in render_html(report)
