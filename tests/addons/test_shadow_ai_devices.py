"""The device reaches the sightings only when the policy enables per-person detail."""

from pathlib import Path

from sqlalchemy import select

from addons.shadow_ai import sighting_sink
from proxy.config.device import device_id
from proxy.storage.engine import read_transaction
from proxy.storage.models import AiHostSighting
from proxy.storage.outbox import Outbox
from proxy.storage.usage_log import UsageLog
from proxy.storage.writer import BackgroundWriter


def test_the_device_is_kept_only_with_per_person_detail(
    garde_ia_home: Path, tmp_path: Path
) -> None:
    garde_ia_home.mkdir(parents=True, exist_ok=True)
    log = UsageLog.open(f"sqlite:///{tmp_path / 'log.sqlite3'}", Outbox(tmp_path / "o.sqlite3"))
    writer = BackgroundWriter(log).start()
    sighting_sink(writer, per_person=False)("aggregated.example", "Sans détail")
    sighting_sink(writer, per_person=True)("detailed.example", "Avec détail")
    sighting_sink(None, per_person=True)("nowhere.example", "Journal désactivé")  # --no-usage-log
    writer.close()
    with read_transaction(log.engine) as connection:
        rows = connection.execute(
            select(
                AiHostSighting.host, AiHostSighting.tool_name, AiHostSighting.device_id
            ).order_by(AiHostSighting.host)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("aggregated.example", "Sans détail", ""),
        ("detailed.example", "Avec détail", device_id()),
    ]
    assert device_id().startswith("dev-")
    log.close()
