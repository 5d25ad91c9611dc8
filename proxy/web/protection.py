"""Pause and resume from the local pages, for desktops where the tray icon has no menu.

The tray (``garde-ia tray``) owns the guard's process. It announces itself and the protection's
state in ``GARDE_IA_HOME/tray-state.json`` (owner-only); the pages write a request in
``GARDE_IA_HOME/protection-request`` which the tray takes at its next poll (every few seconds) and
carries out exactly as its menu would (the pause is noted in the usage log the same way). Without a
running tray (``garde-ia run`` started by hand) the pages only show whether the guard answers.
"""

import json
import os
from pathlib import Path
from typing import Literal

from proxy.config.paths import home_dir

TRAY_FILE = "tray-state.json"
REQUEST_FILE = "protection-request"
Wish = Literal["pause", "resume"]
WISHES: tuple[Wish, ...] = ("pause", "resume")


def _write_private(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    temporary.replace(path)


def announce_tray(protection: str, home: Path | None = None) -> None:
    """The tray says it runs (its pid) and the protection's state."""
    _write_private(
        (home or home_dir()) / TRAY_FILE, json.dumps({"pid": os.getpid(), "protection": protection})
    )


def withdraw_tray(home: Path | None = None) -> None:
    """The tray is leaving: the pages stop offering pause and resume."""
    (home or home_dir()).joinpath(TRAY_FILE).unlink(missing_ok=True)
    (home or home_dir()).joinpath(REQUEST_FILE).unlink(missing_ok=True)


def tray_protection(home: Path | None = None) -> str | None:
    """The protection's state as the running tray last said it, or None when no tray runs."""
    try:
        found = json.loads(((home or home_dir()) / TRAY_FILE).read_text("utf-8"))
        os.kill(int(found["pid"]), 0)  # still alive?
    except (OSError, ValueError, KeyError, TypeError):
        return None
    protection = found.get("protection")
    return protection if isinstance(protection, str) else None


def request(wish: Wish, home: Path | None = None) -> None:
    """Ask the running tray to pause or resume the protection."""
    _write_private((home or home_dir()) / REQUEST_FILE, wish)


def take_request(home: Path | None = None) -> Wish | None:
    """The pending wish, removed once read (the tray calls it at each poll)."""
    path = (home or home_dir()) / REQUEST_FILE
    try:
        wish = path.read_text("utf-8").strip()
        path.unlink()
    except OSError:
        return None
    return next((w for w in WISHES if w == wish), None)
