"""Can an icon be shown here? Asked before pystray is imported, which fails or loops otherwise.

Without a graphical session pystray's import raises an Xlib traceback; on an X11 desktop
without a notification area its X11 backend retries docking forever, printing "Failed to dock
icon" tracebacks. Both are a volunteer's desktop, not a bug: say it in French and stop.
"""

import importlib
import os
import sys
import time
from types import ModuleType

TRAY_SELECTION = "_NET_SYSTEM_TRAY_S0"  # freedesktop system tray of screen 0
HOST_WAIT_SECONDS = 15.0  # a desktop session may start its panel a little after the tray


class DesktopError(RuntimeError):
    """No place to show the icon; the message says why in French and what to use instead."""


NO_TRAY_ADVICE = (
    "La protection peut tourner sans icône : garde-ia run (garde-fou) et garde-ia serve (pages)."
)


def _has_session() -> bool:
    if sys.platform != "linux" or os.environ.get("PYSTRAY_BACKEND") == "dummy":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _tray_host_present(display_name: str | None) -> bool:
    from Xlib import X
    from Xlib.display import Display

    connection = Display(display_name)
    try:
        return bool(connection.get_selection_owner(connection.intern_atom(TRAY_SELECTION)) != X.NONE)
    finally:
        connection.close()


def open_desktop(wait_seconds: float = HOST_WAIT_SECONDS) -> ModuleType:
    """pystray, imported once a session and (for its X11 backend) a notification area exist."""
    if not _has_session():
        raise DesktopError(
            "pas de session graphique (ni DISPLAY ni WAYLAND_DISPLAY) : l'icône ne peut pas "
            f"s'afficher. {NO_TRAY_ADVICE}"
        )
    try:
        pystray = importlib.import_module("pystray")
    except Exception as error:  # Xlib, GTK or AppIndicator refusing the session
        raise DesktopError(
            f"l'icône ne peut pas s'afficher sur ce bureau ({type(error).__name__}). {NO_TRAY_ADVICE}"
        ) from error
    if pystray.Icon.__module__ != "pystray._xorg":
        return pystray  # AppIndicator, GTK, Windows, macOS and dummy handle their own area
    deadline = time.monotonic() + wait_seconds
    while not _tray_host_present(os.environ.get("DISPLAY")):
        if time.monotonic() >= deadline:
            raise DesktopError(
                "ce bureau n'a pas de zone de notification (barre d'état système) pour l'icône. "
                f"Ajoutez-en une à votre tableau de bord, ou : {NO_TRAY_ADVICE}"
            )
        time.sleep(0.5)
    return pystray
