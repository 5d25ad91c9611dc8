import logging
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from proxy.storage.engine import read_transaction
from proxy.storage.models import AiHostSighting, UsageEvent, UsageEventTag
from proxy.storage.outbox import Outbox
from proxy.storage.sightings import SightingKey
from proxy.storage.usage_log import UsageLog, count_events, normalise_host
from tests.support.records import at, make_record


@pytest.fixture
def log(db_url: str, tmp_path: Path) -> Iterator[UsageLog]:
    usage_log = UsageLog.open(db_url, outbox=Outbox(tmp_path / "outbox.sqlite3"))
    yield usage_log
    usage_log.close()


def test_a_record_is_stored_with_its_facts_and_tags(log: UsageLog) -> None:
    record = make_record(occurred_at=at(4))  # a Wednesday
    log.record(record)
    with read_transaction(log.engine) as connection:
        event = connection.execute(select(UsageEvent)).one()
        tags = connection.execute(
            select(UsageEventTag.kind, UsageEventTag.name, UsageEventTag.count)
        ).all()
    assert event.event_id == record.event_id
    assert event.occurred_at == at(4)
    assert str(event.week_start) == "2026-03-02"
    assert (event.tool_id, event.action, event.model, event.device_id) == (
        "le_chat",
        "pseudonymize",
        "mistral-large-latest",
        "appareil-1",
    )
    assert sorted(tags) == [
        ("category", "sante", 1),
        ("entity", "EMAIL_ADDRESS", 1),
        ("entity", "PERSON", 2),
        ("rule", "donnees-personnelles", 1),
    ]


def test_writing_the_same_event_twice_stores_it_once(log: UsageLog) -> None:
    record = make_record()
    log.record(record)
    log.record_many([record, record, make_record()])
    assert count_events(log.engine) == 2


def test_footprint_is_estimated_for_a_known_model_only(log: UsageLog) -> None:
    known = make_record()
    unknown = make_record(model="modele-maison-7b")
    blocked = make_record(action="block")
    log.record_many([known, unknown, blocked])
    with read_transaction(log.engine) as connection:
        energy = dict(connection.execute(select(UsageEvent.event_id, UsageEvent.energy_kwh)).all())
    known_energy = energy[known.event_id]
    assert known_energy is not None and known_energy > 0
    assert energy[unknown.event_id] is None
    assert energy[blocked.event_id] is None  # never sent, so no footprint


def test_long_names_are_cut_rather_than_rejected(log: UsageLog) -> None:
    log.record(make_record(host="a" * 400 + ".example", model="m" * 300, tool_id="t" * 100))
    assert count_events(log.engine) == 1


def test_recent_activity_counts_per_tool_and_action_for_one_device(log: UsageLog) -> None:
    log.record_many(
        [
            make_record(action="allow"),
            make_record(action="block"),
            make_record(action="block"),
            make_record(tool_id="chatgpt", action="allow"),
            make_record(tool_id="chatgpt", device_id="appareil-2"),
        ]
    )
    mine = log.recent_activity(timedelta(days=1), device_id="appareil-1")
    assert [(t.tool_id, t.allowed, t.pseudonymized, t.blocked) for t in mine.tools] == [
        ("le_chat", 1, 0, 2),
        ("chatgpt", 1, 0, 0),
    ]
    assert mine.total == 4 and mine.blocked == 2
    assert mine.last_event_at is not None
    everyone = log.recent_activity(timedelta(days=1))
    assert everyone.total == 5
    old = log.recent_activity(timedelta(days=1))
    assert old.since.tzinfo is not None


def test_recent_events_give_rules_and_categories_newest_first(log: UsageLog) -> None:
    log.record(make_record(occurred_at=at(1), categories=("sante",)))
    log.record(
        make_record(
            occurred_at=at(2), action="block", categories=("mineurs",), rule_ids=("r-mineurs",)
        )
    )
    events = log.recent_events(limit=5)
    assert [(e.action, e.categories, e.rule_ids) for e in events] == [
        ("block", ("mineurs",), ("r-mineurs",)),
        ("pseudonymize", ("sante",), ("donnees-personnelles",)),
    ]


def test_sightings_keep_the_host_name_only_and_count(log: UsageLog) -> None:
    log.record_sighting("Chat.Example-AI.com:443", "Chat IA")
    log.record_sighting("chat.example-ai.com.", "Chat IA")
    log.record_sightings({SightingKey(date(2026, 3, 2), "other.ai", "Autre", "dev-1"): 3})
    with read_transaction(log.engine) as connection:
        rows = connection.execute(
            select(
                AiHostSighting.host,
                AiHostSighting.tool_name,
                AiHostSighting.device_id,
                AiHostSighting.sightings,
            ).order_by(AiHostSighting.host)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("chat.example-ai.com", "Chat IA", "", 2),
        ("other.ai", "Autre", "dev-1", 3),
    ]


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("API.OpenAI.com:443", "api.openai.com"),
        ("[::1]:8080", "::1"),
        ("host.", "host"),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_host_normalisation(raw: str, stored: str) -> None:
    assert normalise_host(raw) == stored


def test_unreachable_database_sends_events_to_the_outbox_then_drains_once(
    db_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    down_url = (
        "postgresql://postgres@127.0.0.1:9/nothing"
        if db_url.startswith("postgresql")
        else f"sqlite:///{tmp_path / 'missing-dir' / 'x.sqlite3'}"
    )
    from proxy.storage.engine import make_engine

    down = UsageLog(make_engine(down_url), outbox)
    records = [make_record() for _ in range(5)]
    with caplog.at_level(logging.WARNING):
        for record in records:
            down.record(record)  # never raises
        down.record_sighting("new.ai")
    assert outbox.pending() == 5
    assert "mis en attente" in caplog.text

    up = UsageLog.open(db_url, outbox)
    up.record(records[0])  # already written once the database came back: still stored once
    assert up.drain_outbox() == 5
    assert up.drain_outbox() == 0
    assert outbox.pending() == 0
    assert count_events(up.engine) == 5
    with read_transaction(up.engine) as connection:
        assert connection.execute(select(AiHostSighting.host)).scalars().all() == ["new.ai"]
    up.close()
    down.close()


def test_outbox_round_trips_a_record_exactly(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "o.sqlite3")
    record = make_record(occurred_at=at(9), entity_counts={"PHONE_NUMBER": 3})
    outbox.put([record, record])
    assert outbox.peek(10) == [record]
