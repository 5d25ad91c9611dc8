"""The tray's logic without a desktop: children to watch, state to refresh, menu actions to dispatch.

:mod:`tray.app` wires it to pystray; tests drive it directly with real child processes.
"""

import logging
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from proxy.charter.gate import current_acknowledgement
from proxy.charter.text import mention
from proxy.config.device import device_id
from proxy.config.i18n import gettext_for
from proxy.config.policy import OrganisationPolicy
from proxy.storage import UsageLog
from proxy.storage.protection import Change, ProtectionChange
from proxy.usage.events import utc_now
from proxy.web.protection import announce_tray, take_request, withdraw_tray
from tray.notifications import notifications
from tray.state import TrayState, protection_of
from tray.supervisor import ChildProcess

logger = logging.getLogger(__name__)
PAGES = {
    "accueil": "/",
    "charte": "/charte",
    "signaler": "/signaler",
    "activite": "/activite",
    "mentions": "/mentions",
}
CLIPBOARD_COMMANDS = (
    ["wl-copy"],
    ["xclip", "-selection", "clipboard"],
    ["xsel", "--clipboard", "--input"],
    ["pbcopy"],
    ["clip"],
)


def copy_to_clipboard(text: str) -> bool:
    """Copy with the desktop's clipboard tool when one is installed; False when none is."""
    for command in CLIPBOARD_COMMANDS:
        if shutil.which(command[0]):
            done = subprocess.run(command, input=text.encode("utf-8"), timeout=5, check=False)
            return done.returncode == 0
    return False


@dataclass
class TrayController:
    """Starts the guard and the local pages, keeps :class:`TrayState` current, runs menu actions."""

    policy: OrganisationPolicy
    guard: ChildProcess
    pages: ChildProcess
    pages_url: str
    log: UsageLog
    tool_names: dict[str, str]
    open_url: Callable[[str], object]
    notify: Callable[[str], None]
    copy_text: Callable[[str], bool] = copy_to_clipboard
    on_quit: Callable[[], None] = lambda: None
    device: str = field(default_factory=device_id)
    state: TrayState = field(init=False)
    _paused: bool = field(init=False, default=False)
    _running: bool = field(init=False, default=False)
    _seen_until: datetime = field(init=False, default_factory=utc_now)

    def __post_init__(self) -> None:
        self.state = TrayState(
            charter_version=self.policy.charter.version, language=self.policy.interface.language
        )
        self._tr = gettext_for(self.policy.interface.language)

    def start(self) -> None:
        """Start the children; the usage log notes that protection started on this device."""
        self.pages.start()
        self.guard.start()
        self._running = True
        announce_tray(self.state.protection)
        self._record("start", "tray")

    def _record(self, change: Change, reason: str) -> None:
        """Note a protection change in the usage log (the local outbox keeps it if the base is away)."""
        self.log.record_protection(ProtectionChange(change, self.device, reason))
        logger.log(
            logging.WARNING if change == "pause" else logging.INFO, "Protection : %s", change
        )

    def refresh(self) -> bool:
        """Read the children and the usage log again; notify new decisions; True when the state changed.

        A pause or resume asked on the local pages (desktops whose icon has no menu) is carried out first.
        """
        wish = take_request()
        if wish == "pause" and not self._paused:
            self._run("pause")
        elif wish == "resume" and self._paused:
            self._run("resume")
        status = self.guard.status()
        protection = protection_of(status.running, status.ready, self._paused, status.exit_code)
        _ = self._tr
        detail = (
            _("le garde-fou s'est arrêté (code %(code)s)") % {"code": status.exit_code}
            if protection == "error"
            else ""
        )
        found = current_acknowledgement(self.log.engine, self.policy)
        activity = self.log.recent_activity(timedelta(days=7))
        new = replace(
            self.state,
            protection=protection,
            detail=detail,
            acknowledged_on=f"{found.acknowledged_at.astimezone():%d/%m/%Y}" if found else None,
            pseudonymized=sum(t.pseudonymized for t in activity.tools),
            blocked=activity.blocked,
        )
        self._notify_new_events()
        changed, self.state = new != self.state, new
        if changed or wish:
            announce_tray(new.protection)  # what the local pages show, with pause or resume
        return changed

    def _notify_new_events(self) -> None:
        events = self.log.recent_events(50)
        rules = self.policy.detection_policy.rules
        for message in notifications(
            events,
            self._seen_until,
            lambda t: self.tool_names.get(t, t),
            lambda r: rules[r].title if r in rules else r,
            self._tr,
        ):
            self.notify(message)
        if events:
            self._seen_until = max(self._seen_until, max(e.occurred_at for e in events))

    def dispatch(self, action: str) -> None:
        """Run one menu action; a failure is logged, never raised into the tray loop."""
        try:
            self._run(action)
        except Exception as error:
            logger.error("Action « %s » impossible (%s)", action, type(error).__name__)

    def _run(self, action: str) -> None:
        kind, _, argument = action.partition(":")
        if kind == "open":
            self.open_url(self.pages_url + PAGES[argument])
        elif kind == "copy":
            item = mention(argument)
            if self.copy_text(item.text):
                _ = self._tr
                self.notify(
                    _("Mention « %(label)s » copiée : collez-la dans votre document.")
                    % {"label": _(item.label)}
                )
            else:
                self.open_url(f"{self.pages_url}/mentions?niveau={item.key}#{item.key}")
        elif kind == "pause":
            self._paused = True
            self.guard.stop()
            self._record("pause", "menu")
        elif kind == "resume":
            self._paused = False
            self.guard.start()
            self._record("resume", "menu")
        elif kind == "quit":
            self.stop()
            self.on_quit()
        else:
            logger.warning("Action inconnue : %s", action)

    def stop(self) -> None:
        """Stop the children, note the stop once (it also ends a pause) and close the log."""
        self.guard.stop()
        self.pages.stop()
        withdraw_tray()
        if self._running:
            self._running = False
            self._record("stop", "tray")
        self.log.close()
