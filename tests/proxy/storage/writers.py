"""Writer processes for the concurrency test: two "proxies" (the background writer the proxy uses)
and a "tray" (direct writes, one transaction per event), started together."""

import os
from multiprocessing.synchronize import Barrier

from proxy.storage.usage_log import UsageLog
from proxy.storage.writer import BackgroundWriter
from tests.support.records import make_record


def event_ids(role: str, count: int) -> list[str]:
    return [f"{role}-{i:06d}" for i in range(count)]


def proxy_writer(url: str, home: str, role: str, count: int, start: Barrier) -> None:
    os.environ["GARDE_IA_HOME"] = home
    log = UsageLog.open(url)
    writer = BackgroundWriter(log, batch_size=200).start()
    start.wait()
    for event_id in event_ids(role, count):
        writer.submit(make_record(event_id=event_id, tool_id=role))
    writer.close()
    log.drain_outbox()
    log.close()


def tray_writer(url: str, home: str, role: str, count: int, start: Barrier) -> None:
    os.environ["GARDE_IA_HOME"] = home
    log = UsageLog.open(url)
    start.wait()
    for event_id in event_ids(role, count):
        log.record(make_record(event_id=event_id, tool_id=role, action="block"))
    log.drain_outbox()
    log.close()
