"""What the tray knows at a glance: the protection's state, the charter's acknowledgement, recent counts."""

from dataclasses import dataclass
from typing import Literal

from proxy.config.i18n import N_, gettext_for

Protection = Literal["starting", "active", "paused", "stopped", "error"]

STATUS_WORDS: dict[Protection, str] = {
    "starting": N_("garde-ia démarre…"),
    "active": N_("Protection active"),
    "paused": N_("Protection en pause"),
    "stopped": N_("Protection arrêtée"),
    "error": N_("Protection en erreur"),
}


@dataclass(frozen=True, slots=True)
class TrayState:
    """Everything the menu and the icon show (counts only, never content)."""

    protection: Protection = "starting"
    charter_version: str = ""
    acknowledged_on: str | None = None  # local date of this device's acknowledgement, if any
    pseudonymized: int = 0
    blocked: int = 0
    detail: str = ""  # why the protection stopped, in the interface's language
    language: str = "fr"  # the interface's language ([interface] language in the policy)

    def status_line(self) -> str:
        """The state in words, as the first line of the menu."""
        _ = gettext_for(self.language)
        words = _(STATUS_WORDS[self.protection])
        return (
            _("%(status)s : %(detail)s") % {"status": words, "detail": self.detail}
            if self.detail
            else words
        )


def protection_of(running: bool, ready: bool, paused: bool, exit_code: int | None) -> Protection:
    """The protection's state from what the watcher sees of the guard's process."""
    if paused:
        return "paused"
    if running:
        return "active" if ready else "starting"
    if exit_code in (None, 0):
        return "stopped"
    return "error"
