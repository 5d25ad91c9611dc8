from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from proxy.config.policy import RetentionPolicy
from proxy.storage.engine import read_transaction
from proxy.storage.incidents import IncidentDraft, close_incident, list_incidents, report_incident
from proxy.storage.models import UsageEventTag
from proxy.storage.outbox import Outbox
from proxy.storage.purge import months_before, purge_expired
from proxy.storage.usage_log import UsageLog, count_events
from tests.support.records import at, make_record


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 8, 31, tzinfo=UTC), 6, datetime(2026, 2, 28, tzinfo=UTC)),
        (datetime(2026, 3, 15, tzinfo=UTC), 6, datetime(2025, 9, 15, tzinfo=UTC)),
        (datetime(2028, 8, 31, tzinfo=UTC), 6, datetime(2028, 2, 29, tzinfo=UTC)),
        (datetime(2026, 1, 10, tzinfo=UTC), 60, datetime(2021, 1, 10, tzinfo=UTC)),
    ],
)
def test_months_before(moment: datetime, months: int, expected: datetime) -> None:
    assert months_before(moment, months) == expected


def test_purge_keeps_what_the_policy_keeps(db_url: str, tmp_path: Path) -> None:
    log = UsageLog.open(db_url, Outbox(tmp_path / "o.sqlite3"))
    now = at(1, month=10)
    log.record_many(
        [
            make_record(occurred_at=at(1, month=3)),
            make_record(occurred_at=at(2, month=4)),
            make_record(occurred_at=at(1, month=9)),
        ]
    )
    draft = IncidentDraft(
        facts="Liste envoyée par erreur", discovered_at=at(1, year=2019), reporter_id="r"
    )
    old_closed = report_incident(log.engine, draft)
    close_incident(log.engine, old_closed.id, "Traité", now=at(2, year=2019))
    old_open = report_incident(log.engine, draft)
    recent_closed = report_incident(log.engine, draft)
    close_incident(log.engine, recent_closed.id, "Traité", now=at(2, year=2025))

    retention = RetentionPolicy(usage_events_months=6, incidents_years=5)
    dry = purge_expired(log.engine, retention, now=now, dry_run=True)
    assert (dry.events, dry.incidents) == (1, 1)
    assert count_events(log.engine) == 3

    result = purge_expired(log.engine, retention, now=now)
    assert (result.events, result.incidents) == (1, 1)
    assert result.events_before == at(1, month=4)
    assert count_events(log.engine) == 2
    with read_transaction(log.engine) as connection:
        tags = connection.execute(select(func.count()).select_from(UsageEventTag)).scalar_one()
    assert tags == 2 * 4  # the purged event's tags went with it
    assert {i.id for i in list_incidents(log.engine)} == {old_open.id, recent_closed.id}
    log.close()
