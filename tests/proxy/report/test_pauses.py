"""Pauses of the protection in the referent's report: counted, timed, per device only when enabled."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from proxy.config.policy import build_policy, load_policy
from proxy.report.formatting import duration
from proxy.report.model import PauseLine
from proxy.report.queries import build_report
from proxy.report.render_csv import render_csv
from proxy.report.render_html import render_html
from proxy.report.render_text import render_text
from proxy.storage.outbox import Outbox
from proxy.storage.protection import ProtectionChange
from proxy.storage.usage_log import UsageLog
from tests.support.csv_rows import csv_rows

NOW = datetime(2026, 3, 31, 12, tzinfo=UTC)
SINCE = NOW - timedelta(days=30)
PER_PERSON = {"report": {"per_person": True}}


@pytest.fixture
def log(db_url: str, tmp_path: Path) -> Iterator[UsageLog]:
    usage_log = UsageLog.open(db_url, Outbox(tmp_path / "o.sqlite3"))
    hour = timedelta(hours=1)
    for change, device, at in (
        ("pause", "appareil-a", SINCE - 10 * 24 * hour),  # paused before the period…
        ("resume", "appareil-a", SINCE + 24 * hour),  # …counts from its start: 24 h
        ("pause", "appareil-a", NOW - 5 * 24 * hour),
        ("resume", "appareil-a", NOW - 5 * 24 * hour + 0.5 * hour),  # 30 min
        ("start", "appareil-b", NOW - 3 * hour),
        ("pause", "appareil-b", NOW - 2 * hour),
        ("stop", "appareil-b", NOW - hour),  # quitting the tray ends the pause: 1 h
        ("pause", "appareil-c", NOW - hour / 6),  # still paused at the end: 10 min
        ("start", "appareil-d", NOW - hour),  # no pause at all
        ("pause", "appareil-e", NOW + hour),  # after the period
    ):
        usage_log.record_protection(ProtectionChange(change, device, occurred_at=at))  # type: ignore[arg-type]
    yield usage_log
    usage_log.close()


def test_pauses_are_counted_and_timed_for_all_devices_together(log: UsageLog) -> None:
    report = build_report(log.engine, load_policy(), SINCE, NOW)
    pauses = report.pauses
    assert (pauses.pauses, pauses.devices) == (3, 3)
    assert pauses.paused == timedelta(hours=25, minutes=40)
    assert pauses.by_device is None  # aggregated unless the policy enables per-person detail
    assert not report.is_empty  # a period with pauses only still has something to say
    text = render_text(report)
    assert "3 pause(s) de la protection sur 3 appareil(s), soit 1 j 1 h 40 min" in text
    html = render_html(report)
    assert "Pauses de la protection" in html and "1 j 1 h 40 min" in html
    for rendering in (text, html, render_csv(report)):
        assert "appareil-a" not in rendering
    rows = csv_rows(render_csv(report))
    protection = {r["élément"]: r["valeur"] for r in rows if r["rubrique"] == "protection"}
    assert protection == {"pauses": "3", "durée en pause": "1540"}
    assert not any(r["rubrique"] == "appareil" for r in rows)


def test_pauses_per_device_only_when_the_policy_enables_it(log: UsageLog) -> None:
    report = build_report(log.engine, build_policy(PER_PERSON, "test"), SINCE, NOW)
    assert report.pauses.by_device == (
        PauseLine("appareil-a", 1, timedelta(hours=24, minutes=30)),
        PauseLine("appareil-b", 1, timedelta(hours=1)),
        PauseLine("appareil-c", 1, timedelta(minutes=10)),
    )
    text = render_text(report)
    assert "appareil-a" in text and "24 h" not in text and "1 j 0 h 30 min" in text
    assert "appareil-d" not in text
    html = render_html(report)
    assert (
        '<td data-label="Appareil (pseudonyme)">appareil-c</td><td class=n data-label="Pauses">1</td>'
        '<td class=n data-label="Durée en pause">10 min</td>'
    ) in html
    rows = csv_rows(render_csv(report))
    by_device = [
        (r["action"], r["élément"], r["valeur"]) for r in rows if r["rubrique"] == "appareil"
    ]
    assert ("en pause", "appareil-b", "60") in by_device
    assert ("pause", "appareil-c", "1") in by_device


def test_no_pause_says_so_in_french(db_url: str, tmp_path: Path) -> None:
    empty = UsageLog.open(db_url, Outbox(tmp_path / "o.sqlite3"))
    report = build_report(empty.engine, load_policy(), SINCE, NOW)
    assert report.is_empty and report.pauses.paused == timedelta()
    assert "Aucune pause de la protection sur la période." in render_text(report)
    empty.close()


@pytest.mark.parametrize(
    ("span", "words"),
    [
        (timedelta(), "0 min"),
        (timedelta(seconds=20), "moins d'une minute"),
        (timedelta(minutes=45), "45 min"),
        (timedelta(hours=1, minutes=5), "1 h 05 min"),
        (timedelta(days=2, minutes=5), "2 j 0 h 05 min"),
    ],
)
def test_durations_in_french(span: timedelta, words: str) -> None:
    assert duration(span) == words
