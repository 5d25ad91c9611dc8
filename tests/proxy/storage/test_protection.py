"""Protection changes (pauses, resumes, starts, stops) in the usage log, on SQLite and PostgreSQL."""

import logging
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect

from proxy.config.policy import RetentionPolicy
from proxy.storage.engine import make_engine
from proxy.storage.outbox import Outbox
from proxy.storage.protection import (
    ProtectionChange,
    last_changes_before,
    protection_changes,
)
from proxy.storage.purge import purge_expired
from proxy.storage.schema import current_revision, head_revision, migrate
from proxy.storage.usage_log import UsageLog, count_events
from tests.support.records import at, make_record


def test_changes_are_stored_and_listed_per_period_and_device(db_url: str, tmp_path: Path) -> None:
    log = UsageLog.open(db_url, Outbox(tmp_path / "o.sqlite3"))
    pause = ProtectionChange("pause", "appareil-1", "menu", occurred_at=at(10, hour=9))
    changes = [
        ProtectionChange("start", "appareil-1", "tray", occurred_at=at(10, hour=8)),
        pause,
        ProtectionChange("resume", "appareil-1", "menu", occurred_at=at(10, hour=11)),
        ProtectionChange("pause", "appareil-2", occurred_at=at(12)),
        ProtectionChange("stop", "appareil-1", "tray", occurred_at=at(20)),
    ]
    assert all(log.record_protection(change) for change in changes)
    assert log.record_protection(pause)  # a retry of the same change is stored once

    listed = protection_changes(log.engine, at(10, hour=9), at(20))
    assert listed == (changes[1], changes[2], changes[3])  # [since, until), oldest first
    assert listed[0].occurred_at == at(10, hour=9) and listed[0].occurred_at.tzinfo is not None
    mine = protection_changes(log.engine, at(1), at(31), device_id="appareil-2")
    assert [c.change for c in mine] == ["pause"] and mine[0].reason is None
    assert protection_changes(log.engine, at(21), at(31)) == ()
    log.close()


def test_last_change_before_a_moment_gives_each_devices_state(db_url: str, tmp_path: Path) -> None:
    log = UsageLog.open(db_url, Outbox(tmp_path / "o.sqlite3"))
    for change in (
        ProtectionChange("pause", "appareil-1", occurred_at=at(1)),
        ProtectionChange("resume", "appareil-1", occurred_at=at(2)),
        ProtectionChange("pause", "appareil-1", occurred_at=at(3)),
        ProtectionChange("start", "appareil-2", occurred_at=at(2)),
        ProtectionChange("pause", "appareil-3", occurred_at=at(9)),  # after the moment
    ):
        log.record_protection(change)
    state = last_changes_before(log.engine, at(5))
    assert {device: c.change for device, c in state.items()} == {
        "appareil-1": "pause",
        "appareil-2": "start",
    }
    assert state["appareil-1"].occurred_at == at(3)
    log.close()


@pytest.mark.parametrize(
    "bad",
    [
        {"change": "reprise"},
        {"reason": "Je mets en pause pour envoyer le dossier de Mme Martin"},
        {"reason": "MENU"},
        {"occurred_at": datetime(2026, 3, 1, 10)},  # naive
    ],
)
def test_a_change_refuses_anything_but_codes_and_aware_times(bad: dict[str, object]) -> None:
    values: dict[str, object] = {"change": "pause", "device_id": "appareil-1", "reason": "menu"}
    values.update(bad)
    with pytest.raises(ValueError):
        ProtectionChange(**values)  # type: ignore[arg-type]


def test_unreachable_database_keeps_changes_in_the_outbox_until_drained(
    db_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    down_url = (
        "postgresql://postgres@127.0.0.1:9/nothing"
        if db_url.startswith("postgresql")
        else f"sqlite:///{tmp_path / 'missing-dir' / 'x.sqlite3'}"
    )
    down = UsageLog(make_engine(down_url), outbox)
    pause = ProtectionChange("pause", "appareil-1", "menu", occurred_at=at(10))
    resume = ProtectionChange("resume", "appareil-1", "menu", occurred_at=at(11))
    with caplog.at_level(logging.WARNING):
        assert down.record_protection(pause) is False  # never raises
        assert down.record_protection(resume) is False
    assert "changement de protection mis en attente" in caplog.text
    assert outbox.peek_protection(10) == [pause, resume]

    up = UsageLog.open(db_url, outbox)
    up.record_protection(pause)  # already stored once the database came back: kept once
    up.drain_outbox()
    assert outbox.peek_protection(10) == []
    assert protection_changes(up.engine, at(1), at(31)) == (pause, resume)
    up.close()
    down.close()


def test_upgrading_a_0001_database_keeps_its_events_and_adds_the_table(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine, "0001")
    assert "protection_events" not in inspect(engine).get_table_names()
    UsageLog(engine).record(make_record(occurred_at=at(3)))
    migrate(engine)
    assert current_revision(engine) == head_revision()
    assert count_events(engine) == 1
    assert "protection_events" in inspect(engine).get_table_names()
    engine.dispose()


def test_purge_removes_changes_older_than_the_retention(db_url: str, tmp_path: Path) -> None:
    log = UsageLog.open(db_url, Outbox(tmp_path / "o.sqlite3"))
    log.record_protection(ProtectionChange("pause", "appareil-1", occurred_at=at(1, month=3)))
    log.record_protection(ProtectionChange("resume", "appareil-1", occurred_at=at(1, month=9)))
    retention = RetentionPolicy(usage_events_months=6, incidents_years=5)
    dry = purge_expired(log.engine, retention, now=at(1, month=10), dry_run=True)
    assert dry.protection_changes == 1
    assert len(protection_changes(log.engine, at(1, year=2020), at(1, year=2030))) == 2
    done = purge_expired(log.engine, retention, now=at(1, month=10))
    assert done.protection_changes == 1
    left = protection_changes(log.engine, at(1, year=2020), at(1, year=2030))
    assert [c.change for c in left] == ["resume"]
    log.close()
