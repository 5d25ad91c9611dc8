"""The tray menu as plain data (testable without a desktop); :mod:`tray.app` turns it into pystray items.

Each entry carries an action name; the app dispatches names, so menu callbacks never block.
"""

from dataclasses import dataclass

from proxy.charter_text import CHECKLIST, MENTIONS
from tray.state import TrayState


@dataclass(frozen=True, slots=True)
class MenuEntry:
    """One line of the menu: its label, the action it triggers, or a submenu."""

    label: str
    action: str | None = None
    enabled: bool = True
    default: bool = False
    children: tuple["MenuEntry", ...] = ()


def _charter_entry(state: TrayState) -> MenuEntry:
    if state.acknowledged_on:
        label = f"Charte version {state.charter_version} confirmée le {state.acknowledged_on}"
    else:
        label = f"Confirmer la charte (version {state.charter_version}) : à faire"
    return MenuEntry(label, "open:charte")


def _activity_entry(state: TrayState) -> MenuEntry:
    label = f"Mon activité (7 jours) : {state.pseudonymized} pseudonymisée(s), {state.blocked} bloquée(s)"
    return MenuEntry(label, "open:activite")


def _pause_entry(state: TrayState) -> MenuEntry:
    if state.protection == "paused":
        return MenuEntry("Reprendre la protection", "resume")
    return MenuEntry("Mettre la protection en pause", "pause", enabled=state.protection in ("active", "starting"))


def build_menu(state: TrayState) -> tuple[MenuEntry, ...]:
    """The whole menu for a state."""
    checklist = tuple(MenuEntry(f"{title} : {question}", enabled=False) for title, question in CHECKLIST)
    mentions = tuple(MenuEntry(f"{m.label} : « {m.text[:40]}… »", f"copy:{m.key}") for m in MENTIONS)
    return (
        MenuEntry(state.status_line(), "open:accueil", default=True),
        MenuEntry("Lire la charte", "open:charte"),
        _charter_entry(state),
        MenuEntry("Signaler une erreur", "open:signaler"),
        _activity_entry(state),
        MenuEntry("Avant d'utiliser l'IA (check-list)", children=(*checklist, MenuEntry("Ouvrir la page", "open:mentions"))),
        MenuEntry("Copier une mention d'usage de l'IA", children=mentions),
        _pause_entry(state),
        MenuEntry("Quitter", "quit"),
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
