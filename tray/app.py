"""The pystray icon: runs on the main thread, refreshes from a setup thread, dispatches menu actions.

Menu callbacks only hand an action name to :class:`~tray.controller.TrayController`; the setup
thread polls every few seconds and calls ``update_menu()`` when the state changed.
"""

import importlib
import logging
import signal
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pystray

from proxy.startup import start_up
from tray.controller import TrayController
from tray.icons import icon_image
from tray.menu import MenuEntry, build_menu
from tray.supervisor import ChildProcess

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TraySettings:
    """The children to start and where they answer."""

    guard_command: tuple[str, ...]
    pages_command: tuple[str, ...]
    proxy_port: int
    pages_port: int
    policy_path: Path | None = None
    poll_seconds: float = 2.0


def pystray_menu(entries: tuple[MenuEntry, ...], dispatch: Callable[[str], None]) -> pystray.Menu:
    """Turn the plain menu into pystray items whose callbacks only dispatch an action name."""

    def item(entry: MenuEntry) -> Any:
        if entry.children:
            return pystray.MenuItem(entry.label, pystray.Menu(*(item(c) for c in entry.children)))
        action = entry.action
        callback = (lambda _icon, _item: dispatch(action)) if action else None
        return pystray.MenuItem(entry.label, callback, enabled=entry.enabled, default=entry.default)

    return pystray.Menu(*(item(entry) for entry in entries))


def accept_clicks(icon: pystray.Icon) -> None:
    """Let a left click reach pystray's X11 backend, whose icon window does not ask for button presses."""
    window, display = getattr(icon, "_window", None), getattr(icon, "_display", None)
    if window is None or display is None:
        return  # another backend (AppIndicator, GTK, Windows, macOS) handles clicks itself
    x = importlib.import_module("Xlib.X")
    window.change_attributes(event_mask=x.ExposureMask | x.StructureNotifyMask | x.ButtonPressMask)
    display.flush()


# X11 window names are Latin-1 (python-xlib raises on anything else, e.g. "…").
_LATIN1_LOOKALIKES = str.maketrans(
    {"…": "...", "—": "-", "–": "-", "’": "'", "«": '"', "»": '"', "\u202f": " "}
)


def window_title(text: str) -> str:
    """``text`` as a Latin-1 window name, typographic characters replaced by plain ones."""
    return text.translate(_LATIN1_LOOKALIKES).encode("latin-1", "replace").decode("latin-1")


class TrayApp:
    """The icon and its refresh loop around a :class:`TrayController`."""

    def __init__(self, settings: TraySettings) -> None:
        self._settings = settings
        self._stopping = threading.Event()
        installation = start_up(settings.policy_path)
        self.controller = TrayController(
            policy=installation.policy,
            guard=ChildProcess("le garde-fou", settings.guard_command, settings.proxy_port),
            pages=ChildProcess("les pages locales", settings.pages_command, settings.pages_port),
            pages_url=f"http://127.0.0.1:{settings.pages_port}",
            log=installation.log,
            tool_names=installation.catalog.tool_names(),
            open_url=webbrowser.open,
            notify=self._notify,
            on_quit=self._quit,
        )
        # The X11 backend names the window once, at creation: start with the real status line.
        self.icon = pystray.Icon("garde-ia", icon_image("starting"), self._title())
        accept_clicks(self.icon)
        self._show()

    def _notify(self, message: str) -> None:
        if self.icon.HAS_NOTIFICATION:
            try:
                self.icon.notify(message, "garde-ia")
            except (
                Exception
            ) as error:  # a desktop without notification service: the menu still works
                logger.info("Notification impossible sur ce bureau (%s)", type(error).__name__)
        logger.info("Notification : %s", message)

    def _title(self) -> str:
        return window_title(f"garde-ia : {self.controller.state.status_line()}")

    def _show(self) -> None:
        state = self.controller.state
        self.icon.icon = icon_image(state.protection)
        self.icon.title = self._title()
        self.icon.menu = pystray_menu(build_menu(state), self.controller.dispatch)
        self.icon.update_menu()

    def _loop(self, icon: pystray.Icon) -> None:
        icon.visible = True
        self.controller.start()
        # Show the state reached while starting; an update that fails is tried again at the next
        # poll (the controller already considers a state it returned as seen).
        pending = True
        while not self._stopping.is_set():
            try:
                pending = self.controller.refresh() or pending
                if pending:
                    self._show()
                    pending = False
            except Exception as error:  # a failed refresh must not kill the tray
                logger.error("Mise à jour de l'icône impossible (%s)", type(error).__name__)
            self._stopping.wait(self._settings.poll_seconds)

    def _quit(self) -> None:
        self._stopping.set()
        self.icon.stop()

    def _terminate(self, _signum: int, _frame: object) -> None:
        """On SIGTERM, leave pystray's loop as « Quitter » does; ``run`` then stops the children.

        Raising ``SystemExit`` here went through pystray's loop, which logged it as an error.
        """
        self._quit()

    def run(self) -> None:
        """Run the icon on the calling (main) thread until « Quitter » or SIGTERM (children stopped either way)."""
        signal.signal(signal.SIGTERM, self._terminate)
        try:
            self.icon.run(setup=self._loop)
        except Exception as error:
            if not self._stopping.is_set():
                raise
            # pystray's clean-up after « Quitter », e.g. closing a notification on a desktop without
            # a notification service (AppIndicator backend): the tray is leaving anyway.
            logger.info("Fermeture de l'icône incomplète (%s)", type(error).__name__)
        finally:
            self._stopping.set()
            self.controller.stop()
