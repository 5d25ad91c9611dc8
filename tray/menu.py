"""The tray menu as plain data (testable without a desktop); :mod:`tray.app` turns it into pystray items.

Each entry carries an action name; the app dispatches names, so menu callbacks never block.
"""

from dataclasses import dataclass

from proxy.charter.text import CHECKLIST, MENTIONS
from proxy.config.i18n import Translate, gettext_for
from tray.state import TrayState


@dataclass(frozen=True, slots=True)
class MenuEntry:
    """One line of the menu: its label, the action it triggers, or a submenu."""

    label: str
    action: str | None = None
    enabled: bool = True
    default: bool = False
    children: tuple["MenuEntry", ...] = ()


def _charter_entry(state: TrayState, _: Translate) -> MenuEntry:
    if state.acknowledged_on:
        label = _("Charte version %(version)s confirmée le %(date)s") % {
            "version": state.charter_version,
            "date": state.acknowledged_on,
        }
    else:
        label = _("Confirmer la charte (version %(version)s) : à faire") % {
            "version": state.charter_version
        }
    return MenuEntry(label, "open:charte")


def _activity_entry(state: TrayState, _: Translate) -> MenuEntry:
    label = _(
        "Mon activité (7 jours) : %(pseudonymized)d pseudonymisée(s), %(blocked)d bloquée(s)"
    ) % {
        "pseudonymized": state.pseudonymized,
        "blocked": state.blocked,
    }
    return MenuEntry(label, "open:activite")


def _pause_entry(state: TrayState, _: Translate) -> MenuEntry:
    if state.protection == "paused":
        return MenuEntry(_("Reprendre la protection"), "resume")
    return MenuEntry(
        _("Mettre la protection en pause"),
        "pause",
        enabled=state.protection in ("active", "starting"),
    )


def build_menu(state: TrayState) -> tuple[MenuEntry, ...]:
    """The whole menu for a state, in the state's language (the charter's checklist and mentions stay in French)."""
    _ = gettext_for(state.language)
    in_charter_language = _(" (en français)") if state.language != "fr" else ""
    checklist = tuple(
        MenuEntry(f"{title} : {question}", enabled=False) for title, question in CHECKLIST
    )
    mentions = tuple(
        MenuEntry(f"{_(m.label)} : « {m.text[:40]}… »", f"copy:{m.key}") for m in MENTIONS
    )
    return (
        MenuEntry(state.status_line(), "open:accueil", default=True),
        MenuEntry(_("Lire la charte") + in_charter_language, "open:charte"),
        _charter_entry(state, _),
        MenuEntry(_("Signaler une erreur"), "open:signaler"),
        _activity_entry(state, _),
        MenuEntry(
            _("Avant d'utiliser l'IA (check-list)") + in_charter_language,
            children=(*checklist, MenuEntry(_("Ouvrir la page"), "open:mentions")),
        ),
        MenuEntry(_("Copier une mention d'usage de l'IA") + in_charter_language, children=mentions),
        _pause_entry(state, _),
        MenuEntry(_("Quitter"), "quit"),
    )


def render(entries: tuple[MenuEntry, ...], indent: int = 0) -> str:
    """The menu as text, one entry per line (tests and logs)."""
    lines = []
    for entry in entries:
        marks = ("*" if entry.default else "") + ("" if entry.enabled else " (grisé)")
        lines.append("  " * indent + entry.label + marks)
        if entry.children:
            lines.append(render(entry.children, indent + 1))
    return "\n".join(lines)
