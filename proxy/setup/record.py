"""The record of what setup changed on this device, so that ``--undo`` removes exactly that.

Kept as JSON in ``GARDE_IA_HOME/setup-record.json`` (owner-only), validated when read back: a
hand-edited or truncated file stops the undo with a clear message instead of guessing.
"""

import json
import os
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from proxy.config.paths import home_dir

RECORD_FILE = "setup-record.json"


class SetupRecordError(ValueError):
    """The record file is unreadable; the message names it, in French."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CaEntry(_Strict):
    """The device CA: created by setup (then deleted by undo) or found already there."""

    confdir: Path
    fingerprint_sha256: str
    created: bool


class NssEntry(_Strict):
    """The CA added to one NSS database (and whether setup created that database)."""

    browser: str
    directory: Path
    nickname: str
    created_database: bool = False


class SystemEntry(_Strict):
    """The CA added to the operating system's store."""

    anchor: Path
    refresh: tuple[str, ...]


class SetupRecord(_Strict):
    """Everything setup did on this device."""

    version: int = 1
    updated_at: datetime
    ca: CaEntry | None = None
    nss: tuple[NssEntry, ...] = ()
    system: tuple[SystemEntry, ...] = ()
    pac_file: Path | None = None
    pac_url: str | None = None
    proxy_address: str | None = None

    @property
    def empty(self) -> bool:
        """Whether nothing is left to undo."""
        return self.ca is None and not self.nss and not self.system and self.pac_file is None


def record_path() -> Path:
    """Where the record lives."""
    return home_dir() / RECORD_FILE


def load_record(path: Path | None = None) -> SetupRecord | None:
    """The record, or None when setup never ran (or everything was undone)."""
    path = path or record_path()
    if not path.exists():
        return None
    try:
        return SetupRecord.model_validate_json(path.read_text("utf-8"))
    except (ValidationError, ValueError, OSError) as error:
        raise SetupRecordError(
            f"{path} : fichier illisible ({error.__class__.__name__}). Rien n'a été défait ; "
            "retirez le certificat « garde-ia » à la main (voir le README, section Désinstaller)."
        ) from error


def save_record(record: SetupRecord, path: Path | None = None) -> None:
    """Write the record atomically with owner-only permissions; an empty record deletes the file."""
    path = path or record_path()
    if record.empty:
        path.unlink(missing_ok=True)
        return
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(record.model_dump(mode="json"), file, ensure_ascii=False, indent=2)
    temporary.replace(path)
