from pathlib import Path

from proxy.storage.acknowledgements import (
    acknowledge,
    acknowledgement_of,
    acknowledgement_status,
    acknowledgements,
)
from proxy.storage.outbox import Outbox
from proxy.storage.usage_log import UsageLog
from tests.support.records import at, make_record


def test_acknowledging_twice_keeps_the_first_date(db_url: str, tmp_path: Path) -> None:
    log = UsageLog.open(db_url, Outbox(tmp_path / "o.sqlite3"))
    first = acknowledge(log.engine, "appareil-1", "2026-03", at=at(1))
    again = acknowledge(log.engine, "appareil-1", "2026-03", at=at(5))
    assert again == first and first.acknowledged_at == at(1)
    assert acknowledgement_of(log.engine, "appareil-1", "2025-01") is None
    assert [a.subject_id for a in acknowledgements(log.engine, "2026-03")] == ["appareil-1"]
    log.close()


def test_status_counts_active_devices_without_acknowledgement(db_url: str, tmp_path: Path) -> None:
    log = UsageLog.open(db_url, Outbox(tmp_path / "o.sqlite3"))
    acknowledge(log.engine, "appareil-1", "2026-03")
    acknowledge(log.engine, "appareil-2", "2025-01")  # an older version only
    log.record_many(
        [
            make_record(device_id=d, occurred_at=at(10))
            for d in ("appareil-1", "appareil-2", "appareil-3", "appareil-3", "")
        ]
    )
    log.record(make_record(device_id="appareil-4", occurred_at=at(1, month=1)))  # before the period
    status = acknowledgement_status(log.engine, "2026-03", since=at(1))
    assert (status.acknowledged, status.active_not_acknowledged) == (1, 2)
    log.close()
