"""The protection journal: when the volunteer paused and resumed the guard (times only)."""

import json
import logging
from datetime import datetime
from typing import Literal

from proxy.device import device_id
from proxy.events import utc_now
from proxy.paths import home_dir

logger = logging.getLogger(__name__)
JOURNAL_FILE = "protection-journal.jsonl"


def record_protection(change: Literal["pause", "reprise"], at: datetime | None = None) -> None:
    """Append one pause or resume to the journal in ``GARDE_IA_HOME`` (owner-only)."""
    path = home_dir() / JOURNAL_FILE
    line = json.dumps({"at": (at or utc_now()).isoformat(), "change": change, "device_id": device_id()})
    with path.open("a", encoding="utf-8") as journal:
        journal.write(line + "\n")
    path.chmod(0o600)
    logger.warning("Protection : %s", change)
