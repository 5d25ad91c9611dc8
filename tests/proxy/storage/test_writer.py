from pathlib import Path

from sqlalchemy import select

from proxy.storage.engine import read_transaction
from proxy.storage.models import AiHostSighting
from proxy.storage.outbox import Outbox
from proxy.storage.usage_log import UsageLog, count_events
from proxy.storage.writer import BackgroundWriter
from tests.support.records import make_record


def test_background_writer_writes_everything_before_closing(db_url: str, tmp_path: Path) -> None:
    log = UsageLog.open(db_url, Outbox(tmp_path / "o.sqlite3"))
    writer = BackgroundWriter(log, batch_size=50).start()
    for _ in range(321):
        writer.submit(make_record())
    writer.submit_sighting("New-AI.example:443", "Nouvelle IA")
    writer.submit_sighting("new-ai.example", "Nouvelle IA")
    writer.submit_sighting("new-ai.example", "Nouvelle IA", "dev-a")
    writer.close()
    assert count_events(log.engine) == 321
    with read_transaction(log.engine) as connection:
        rows = connection.execute(
            select(
                AiHostSighting.host,
                AiHostSighting.tool_name,
                AiHostSighting.device_id,
                AiHostSighting.sightings,
            ).order_by(AiHostSighting.device_id)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("new-ai.example", "Nouvelle IA", "", 2),
        ("new-ai.example", "Nouvelle IA", "dev-a", 1),
    ]
    log.close()


def test_a_full_queue_spills_to_the_outbox_and_nothing_is_lost(db_url: str, tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "o.sqlite3")
    log = UsageLog.open(db_url, outbox)
    writer = BackgroundWriter(log, max_queue=3)  # not started yet: the queue fills up
    for _ in range(10):
        writer.submit(make_record())
    assert outbox.pending() == 7
    writer.start()  # drains the outbox at start, then the queue
    writer.close()
    writer.submit(make_record())  # after close: straight to the outbox
    assert outbox.pending() == 1
    log.drain_outbox()
    assert count_events(log.engine) == 11
    assert outbox.pending() == 0
    log.close()
