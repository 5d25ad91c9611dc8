import multiprocessing
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from proxy.storage.engine import make_engine, read_transaction
from proxy.storage.models import UsageEvent
from proxy.storage.outbox import Outbox
from tests.proxy.storage.writers import event_ids, proxy_writer, tray_writer

WRITERS = [
    (proxy_writer, "proxy-a", 4000),
    (proxy_writer, "proxy-b", 4000),
    (tray_writer, "tray", 2000),
]


def test_two_proxies_and_a_tray_writing_at_once_lose_nothing(
    db_url: str, garde_ia_home: Path
) -> None:
    """10,000 events from three OS processes at once, schema created by whichever comes first."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(len(WRITERS))
    processes = [
        context.Process(target=target, args=(db_url, str(garde_ia_home), role, count, start))
        for target, role, count in WRITERS
    ]
    for process in processes:
        process.start()
    try:
        for process in processes:
            process.join(timeout=300)
            assert process.exitcode == 0
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()

    engine = make_engine(db_url)
    with read_transaction(engine) as connection:
        stored = Counter(connection.execute(select(UsageEvent.event_id)).scalars())
    engine.dispose()
    expected = {event_id for _, role, count in WRITERS for event_id in event_ids(role, count)}
    assert sum(stored.values()) == 10_000
    assert set(stored) == expected
    assert max(stored.values()) == 1
    assert Outbox(garde_ia_home / "outbox.sqlite3").pending() == 0
