"""Can an icon be shown here, and with which backend? Asked before pystray is imported.

On Linux the icon needs its **menu** (pause, report a mistake, charter, quit): pystray's
AppIndicator backend gives one, through PyGObject and Debian's ``gir1.2-ayatanaappindicator3-0.1``
(StatusNotifier on GNOME with its extension, KDE, Xfce, MATE, Cinnamon…, or an XEmbed notification
area when the desktop has no StatusNotifier host). It needs the desktop's session bus. Without
PyGObject, the typelib or a session bus, the X11 backend is used instead, which has no menu: a click
opens the local pages, which offer the same actions; this is said once, in French.

Without a graphical session pystray's import raises an Xlib traceback; on an X11 desktop
without a notification area its X11 backend retries docking forever, printing "Failed to dock
icon" tracebacks. Both are a volunteer's desktop, not a bug: say it in French and stop.
"""

import importlib
import logging
import os
import sys
import time
from types import ModuleType

logger = logging.getLogger(__name__)

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


INDICATOR_TYPELIBS = (("AyatanaAppIndicator3", "0.1"), ("AppIndicator3", "0.1"))
STATUS_NOTIFIER_WATCHER = "org.kde.StatusNotifierWatcher"
NO_MENU_ADVICE = (
    "menu de l'icône indisponible sur ce bureau (%s) : un clic sur l'icône ouvre les pages locales, "
    "qui offrent les mêmes actions. Pour le menu : sudo apt install gir1.2-ayatanaappindicator3-0.1 "
    "libgirepository1.0-dev libcairo2-dev pkg-config, puis make install."
)


def indicator_unavailable() -> str | None:
    """Why the AppIndicator backend (the one with a menu) cannot be used here, or None when it can."""
    if sys.platform != "linux":
        return "hors Linux"
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "pas de bus de session D-Bus"
    try:
        import gi
    except ImportError:
        return "PyGObject absent"
    for namespace, version in INDICATOR_TYPELIBS:
        try:
            gi.require_version(namespace, version)
            gi.require_version("Gtk", "3.0")
        except ValueError:
            continue
        return None
    return "gir1.2-ayatanaappindicator3-0.1 absent"


def _status_notifier_host() -> bool:
    """Whether the session bus has a StatusNotifier watcher (the desktop shows AppIndicators natively)."""
    try:
        gio = importlib.import_module("gi.repository.Gio")
        bus = gio.bus_get_sync(gio.BusType.SESSION, None)
        answer = bus.call_sync(
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus",
            "NameHasOwner",
            importlib.import_module("gi.repository.GLib").Variant(
                "(s)", (STATUS_NOTIFIER_WATCHER,)
            ),
            None,
            gio.DBusCallFlags.NONE,
            1000,
            None,
        )
        return bool(answer.unpack()[0])
    except Exception:  # no bus, or it does not answer: no native host
        return False


def choose_backend() -> str:
    """The backend for pystray: the user's ``PYSTRAY_BACKEND``, else AppIndicator when possible, else X11 (said once)."""
    chosen = os.environ.get("PYSTRAY_BACKEND")
    if chosen:
        return chosen
    if sys.platform != "linux":
        return ""
    why = indicator_unavailable()
    backend = "appindicator" if why is None else "xorg"
    if why is not None:
        sys.stderr.write(f"garde-ia : {NO_MENU_ADVICE % why}\n")
    os.environ["PYSTRAY_BACKEND"] = backend  # pystray reads it at import
    return backend


def _host_present(backend: str, display_name: str | None) -> bool:
    if backend == "appindicator" and _status_notifier_host():
        return True
    return _tray_host_present(display_name)  # XEmbed: X11's own, and AppIndicator's fallback


def _tray_host_present(display_name: str | None) -> bool:
    from Xlib import X
    from Xlib.display import Display

    connection = Display(display_name)
    try:
        return bool(
            connection.get_selection_owner(connection.intern_atom(TRAY_SELECTION)) != X.NONE
        )
    finally:
        connection.close()


def open_desktop(wait_seconds: float = HOST_WAIT_SECONDS) -> ModuleType:
    """pystray, imported once a session and (for its X11 backend) a notification area exist."""
    if not _has_session():
        raise DesktopError(
            "pas de session graphique (ni DISPLAY ni WAYLAND_DISPLAY) : l'icône ne peut pas "
            f"s'afficher. {NO_TRAY_ADVICE}"
        )
    backend = choose_backend()
    try:
        pystray = importlib.import_module("pystray")
    except Exception as error:  # Xlib, GTK or AppIndicator refusing the session
        raise DesktopError(
            f"l'icône ne peut pas s'afficher sur ce bureau ({type(error).__name__}). {NO_TRAY_ADVICE}"
        ) from error
    if pystray.Icon.__module__ not in ("pystray._xorg", "pystray._appindicator"):
        return pystray  # GTK, Windows, macOS and dummy handle their own area
    if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY"):
        return (
            pystray  # Wayland alone: only a StatusNotifier host can show it, checked by the desktop
        )
    deadline = time.monotonic() + wait_seconds
    while not _host_present(backend, os.environ.get("DISPLAY")):
        if time.monotonic() >= deadline:
            raise DesktopError(
                "ce bureau n'a pas de zone de notification (barre d'état système) pour l'icône. "
                f"Ajoutez-en une à votre tableau de bord, ou : {NO_TRAY_ADVICE}"
            )
        time.sleep(0.5)
    return pystray
