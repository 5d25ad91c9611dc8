"""Usage-log benchmark: write throughput, then report time on a large log (SQLite and PostgreSQL).

    .venv/bin/python benchmarks/usage_log_bench.py [--events 1000000] [--backends sqlite,postgresql]

Writes go through the real APIs (UsageLog.record: one transaction per event, like the tray;
BackgroundWriter: the proxy's queue and batches) next to a raw bulk INSERT of the same rows as the
reference. The large log is filled with bulk inserts (COPY on PostgreSQL), then ``build_report``
and the HTML rendering are timed next to a plain ``count(*)``. PostgreSQL is a throw-away server
started like the tests do (Debian's package).
"""

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, insert, select

from proxy.config.policy import load_policy
from proxy.report.period import parse_since
from proxy.report.queries import build_report
from proxy.report.render_html import render_html
from proxy.storage.engine import make_engine, read_transaction, write_transaction
from proxy.storage.models import AiHostSighting, UsageEvent, UsageEventTag
from proxy.storage.rows import event_row, tag_rows, week_start
from proxy.storage.schema import migrate, refresh_statistics
from proxy.storage.usage_log import UsageLog
from proxy.storage.writer import BackgroundWriter
from proxy.usage.events import UsageRecord, utc_now

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.support.databases

TOOLS = [
    "chatgpt",
    "le_chat",
    "claude",
    "gemini",
    "copilot",
    "perplexity",
    "deepseek",
    "mistral_api",
    "openai_api",
    "grok",
    "meta_ai",
    "poe",
]
CATEGORIES = ["health", "minors", "social", "religion", "politics"]
ENTITIES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "FR_NIR", "IBAN_CODE"]


def record(rng: random.Random, now: datetime) -> UsageRecord:
    action = rng.choices(["allow", "pseudonymize", "block"], weights=[80, 15, 5])[0]
    tagged = action != "allow"
    return UsageRecord(
        tool_id=rng.choice(TOOLS),
        host="chat.example.ai",
        endpoint_kind="prompt",
        action=action,  # type: ignore[arg-type]
        rule_ids=("donnees-sensibles",) if tagged else (),
        categories=(rng.choice(CATEGORIES),) if action == "block" else (),
        entity_counts={rng.choice(ENTITIES): rng.randint(1, 3)} if tagged else {},
        request_bytes=rng.randint(200, 20000),
        response_bytes=rng.randint(500, 50000),
        duration_ms=rng.randint(500, 20000),
        model=rng.choice(["mistral-large-latest", "gpt-4o-mini", None]),
        provider=rng.choice(["mistralai", "openai"]),
        output_chars=rng.randint(100, 8000),
        device_id=f"appareil-{rng.randint(1, 60)}",
        occurred_at=now - timedelta(seconds=rng.randint(0, 180 * 86400)),
    )


def timed(label: str, action, count: int | None = None):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    rate = f"  ({count / elapsed:,.0f} évènements/s)" if count else ""
    print(f"  {label:<48} {elapsed:8.2f} s{rate}", flush=True)
    return result


def write_throughput(url: str, home: Path) -> None:
    rng, now = random.Random(1), utc_now()
    os.environ["GARDE_IA_HOME"] = str(home)
    log = UsageLog.open(url)
    direct = [record(rng, now) for _ in range(2000)]

    def record_each() -> None:
        for r in direct:
            log.record(r)

    timed("UsageLog.record, 1 transaction/évènement", record_each, len(direct))
    queued = [record(rng, now) for _ in range(50_000)]

    def through_writer() -> None:
        writer = BackgroundWriter(log, max_queue=len(queued)).start()  # sustained rate, no overflow
        for r in queued:
            writer.submit(r)
        writer.close(timeout_s=600)

    timed("BackgroundWriter (thread + lots de 500)", through_writer, len(queued))
    reference = [record(rng, now) for _ in range(50_000)]

    def raw_bulk() -> None:
        events = [event_row(r) for r in reference]
        tags = [t for r in reference for t in tag_rows(r)]
        with write_transaction(log.engine) as connection:
            connection.execute(insert(UsageEvent), events)
            connection.execute(insert(UsageEventTag), tags)

    timed("référence : INSERT en masse brut, 1 transaction", raw_bulk, len(reference))
    log.close()


def fill(engine: Engine, count: int) -> None:
    rng, now = random.Random(2), utc_now()
    energy = {"mistral-large-latest": 0.0013, "gpt-4o-mini": 0.00004}
    chunk = 50_000
    for offset in range(0, count, chunk):
        events, tags = [], []
        for i in range(offset, min(offset + chunk, count)):
            r = record(rng, now)
            row = {**event_row_fast(r), "event_id": f"bench{i:027d}"}
            if r.model and r.action != "block":
                row["energy_kwh"], row["gwp_kgco2eq"] = energy[r.model], energy[r.model] * 0.05
            events.append(row)
            tags += [{**t, "event_id": row["event_id"]} for t in tag_rows(r)]
        bulk_insert(engine, events, tags)


def fill_sightings(engine: Engine, hosts: int = 30, days: int = 180, devices: int = 20) -> int:
    """A busy site's « IA fantôme »: watched hosts seen every day by many devices (one row each)."""
    today = utc_now().date()
    rows = [
        {
            "day": today - timedelta(days=d),
            "host": f"outil-{h}.example",
            "tool_name": f"Outil {h}",
            "device_id": f"appareil-{v}",
            "sightings": 1 + (h * d + v) % 17,
        }
        for h in range(hosts)
        for d in range(days)
        for v in range(devices)
    ]
    with write_transaction(engine) as connection:
        connection.execute(insert(AiHostSighting), rows)
    return len(rows)


def event_row_fast(r: UsageRecord) -> dict[str, object]:
    """event_row without the per-event ecologits call (the fill sets the estimate itself)."""
    return {
        "occurred_at": r.occurred_at,
        "week_start": week_start(r.occurred_at),
        "tool_id": r.tool_id,
        "host": r.host,
        "endpoint_kind": r.endpoint_kind,
        "action": r.action,
        "request_bytes": r.request_bytes,
        "response_bytes": r.response_bytes,
        "output_chars": r.output_chars,
        "duration_ms": r.duration_ms,
        "provider": r.provider,
        "model": r.model,
        "device_id": r.device_id,
        "energy_kwh": None,
        "gwp_kgco2eq": None,
    }


def bulk_insert(
    engine: Engine, events: list[dict[str, object]], tags: list[dict[str, object]]
) -> None:
    if engine.dialect.name != "postgresql":
        with write_transaction(engine) as connection:
            connection.execute(insert(UsageEvent), events)
            connection.execute(insert(UsageEventTag), tags)
        return
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table, rows in (("usage_events", events), ("usage_event_tags", tags)):
            columns = list(rows[0])
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row([row[c] for c in columns])
        raw.commit()
    finally:
        raw.close()


def report_time(engine: Engine, events: int) -> None:
    policy = load_policy()
    now = utc_now() + timedelta(seconds=1)
    with read_transaction(engine) as connection:
        timed(
            "référence : SELECT count(*)",
            lambda: connection.execute(select(func.count()).select_from(UsageEvent)).scalar(),
        )
    for since in ("30d", "6m"):

        def full_report(s: str = since) -> object:  # what garde-ia report does
            refresh_statistics(engine)
            return build_report(engine, policy, parse_since(s, now), now)

        timed(f"garde-ia report --since {since} (statistiques + requêtes)", full_report)
        report = timed(
            f"build_report --since {since} ({events:,} évènements)",
            lambda s=since: build_report(engine, policy, parse_since(s, now), now),
        )
        timed(
            f"  + rendu HTML ({report.total_requests:,} requêtes)", lambda r=report: render_html(r)
        )


def bench(backend: str, url: str, events: int, home: Path, big_url: str) -> None:
    print(f"\n== {backend} ==", flush=True)
    write_throughput(url, home)
    engine = make_engine(big_url)
    migrate(engine)
    timed(f"remplissage en masse ({events:,} évènements)", lambda: fill(engine, events), events)
    timed(
        "hôtes IA hors catalogue vus (30 × 180 jours × 20 appareils)",
        lambda: fill_sightings(engine),
    )
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    report_time(engine, events)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    print(f"Python, {os.cpu_count()} cœurs, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    with tempfile.TemporaryDirectory(prefix="garde-ia-bench-") as tmp:
        home = Path(tmp)
        if "sqlite" in args.backends:
            bench(
                "SQLite (WAL, synchronous=FULL)",
                f"sqlite:///{home / 'bench.sqlite3'}",
                args.events,
                home,
                f"sqlite:///{home / 'big.sqlite3'}",
            )
        if "postgresql" in args.backends:
            from tests.support.databases import start_server, stop_server

            server = start_server()
            try:
                bench(
                    f"PostgreSQL {server.bin_dir.parent.name} (serveur jetable, fsync=off)",
                    server.url(server.create_database()),
                    args.events,
                    home,
                    server.url(server.create_database()),
                )
            finally:
                stop_server(server)


if __name__ == "__main__":
    main()
