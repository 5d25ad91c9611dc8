"""Sightings per day (migration 0003): old running totals are kept, counts add up, purge by day."""

from datetime import UTC, date, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import Integer, String, column, insert, table, text

from proxy.config.policy import RetentionPolicy
from proxy.config.watchlist import load_watchlist
from proxy.storage.engine import make_engine, read_transaction, write_transaction
from proxy.storage.models import UtcDateTime
from proxy.storage.outbox import Outbox
from proxy.storage.purge import purge_expired
from proxy.storage.schema import alembic_config, current_revision, migrate
from proxy.storage.sightings import SightingKey
from proxy.storage.usage_log import UsageLog

_OLD_TABLE = table(  # the table as revision 0002 left it: one running total per host
    "ai_host_sightings",
    column("host", String()),
    column("first_seen", UtcDateTime()),
    column("last_seen", UtcDateTime()),
    column("sightings", Integer()),
)


def _watched_name(host: str) -> str:
    tool = load_watchlist().tool_for_host(host)
    assert tool is not None
    return tool.name


def _rows(url: str) -> list[tuple[object, ...]]:
    engine = make_engine(url)
    with read_transaction(engine) as connection:
        rows = connection.execute(
            text(
                "SELECT day, host, tool_name, device_id, sightings FROM ai_host_sightings ORDER BY host"
            )
        ).all()
    engine.dispose()
    return [(d if isinstance(d, str) else d.isoformat(), *rest) for d, *rest in rows]


def test_the_old_totals_move_to_the_day_they_were_last_seen_with_the_tools_name(
    db_url: str,
) -> None:
    engine = make_engine(db_url)
    migrate(engine, "0002")
    with write_transaction(engine) as connection:
        connection.execute(
            insert(_OLD_TABLE),
            [
                {
                    "host": "www.midjourney.com",
                    "first_seen": datetime(2026, 1, 5, 9, tzinfo=UTC),
                    "last_seen": datetime(2026, 2, 10, 23, 30, tzinfo=UTC),
                    "sightings": 7,
                },
                {
                    "host": "inconnu.example",
                    "first_seen": datetime(2026, 2, 1, tzinfo=UTC),
                    "last_seen": datetime(2026, 2, 1, 8, tzinfo=UTC),
                    "sightings": 2,
                },
            ],
        )
    migrate(engine)
    assert current_revision(engine) == "0003"
    assert _rows(db_url) == [
        ("2026-02-01", "inconnu.example", "inconnu.example", "", 2),
        ("2026-02-10", "www.midjourney.com", _watched_name("www.midjourney.com"), "", 7),
    ]
    config = alembic_config()
    with write_transaction(engine) as connection:  # and back: one total per host again
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    with read_transaction(engine) as connection:
        back = connection.execute(
            text("SELECT host, sightings FROM ai_host_sightings ORDER BY host")
        ).all()
    assert [tuple(r) for r in back] == [("inconnu.example", 2), ("www.midjourney.com", 7)]
    engine.dispose()


def test_counts_add_up_per_day_host_and_device_and_the_outbox_keeps_them(
    db_url: str, tmp_path: Path
) -> None:
    outbox = Outbox(tmp_path / "o.sqlite3")
    monday, tuesday = date(2026, 3, 2), date(2026, 3, 3)
    outbox.put_sightings({SightingKey(monday, "a.example", "A", ""): 2})
    outbox.put_sightings(
        {
            SightingKey(monday, "a.example", "A", ""): 3,
            SightingKey(tuesday, "a.example", "A", "dev-1"): 1,
        }
    )
    log = UsageLog.open(db_url, outbox)
    log.record_sightings({SightingKey(monday, "a.example", "A", ""): 1})
    log.drain_outbox()
    assert outbox.take_sightings() == {}
    assert _rows(db_url) == [
        ("2026-03-02", "a.example", "A", "", 6),
        ("2026-03-03", "a.example", "A", "dev-1", 1),
    ]
    result = purge_expired(
        log.engine, RetentionPolicy(usage_events_months=1), now=datetime(2026, 4, 3, tzinfo=UTC)
    )
    assert result.sightings == 1  # the Monday only: the Tuesday is within the month kept
    assert [r[0] for r in _rows(db_url)] == ["2026-03-03"]
    log.close()
