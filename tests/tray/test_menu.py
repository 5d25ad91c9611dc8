"""The tray menu and state, without a display."""

from collections.abc import Iterable, Iterator

import pytest

from tray.menu import MenuEntry, build_menu, render
from tray.state import TrayState, protection_of


@pytest.mark.parametrize(
    ("running", "ready", "paused", "code", "expected"),
    [
        (True, False, False, None, "starting"),  # process up, port not answering yet
        (True, True, False, None, "active"),
        (False, False, True, None, "paused"),  # paused wins over the stopped process
        (False, False, False, 0, "stopped"),
        (False, False, False, None, "stopped"),  # never started
        (False, False, False, 1, "error"),  # crashed
    ],
)
def test_protection_state(
    running: bool, ready: bool, paused: bool, code: int | None, expected: str
) -> None:
    assert protection_of(running, ready, paused, code) == expected


def test_menu_for_an_active_protection_not_yet_acknowledged() -> None:
    text = render(build_menu(TrayState("active", "2026-03", None, pseudonymized=3, blocked=1)))
    lines = text.splitlines()
    assert lines[0] == "Protection active*"
    assert "Confirmer la charte (version 2026-03) : à faire" in lines
    assert "Mon activité (7 jours) : 3 pseudonymisée(s), 1 bloquée(s)" in lines
    assert "Mettre la protection en pause" in lines
    assert (
        "  Le besoin : Ai-je vraiment besoin de l'IA pour cette tâche ? Qu'est-ce que ça m'apporte concrètement ? (grisé)"
        in lines
    )
    assert (
        sum(
            1
            for line in lines
            if line.startswith("  Idée")
            or line.startswith("  Production")
            or line.startswith("  Amélioration")
        )
        == 3
    )
    assert lines[-1] == "Quitter"


def test_menu_when_paused_acknowledged_or_in_error() -> None:
    paused = build_menu(TrayState("paused", "2026-03", "12/03/2026"))
    assert [e.label for e in paused][2] == "Charte version 2026-03 confirmée le 12/03/2026"
    assert [e.action for e in paused if e.label == "Reprendre la protection"] == ["resume"]
    error = build_menu(TrayState("error", "2026-03", detail="le garde-fou s'est arrêté (code 1)"))
    assert error[0].label == "Protection en erreur : le garde-fou s'est arrêté (code 1)"
    pause = [e for e in error if e.action == "pause"][0]
    assert not pause.enabled


def test_every_action_is_known() -> None:
    from tray.controller import PAGES

    def actions(entries: Iterable[MenuEntry]) -> Iterator[str]:
        for entry in entries:
            yield from actions(entry.children)
            if entry.action:
                yield entry.action

    for action in actions(build_menu(TrayState("active", "2026-03"))):
        kind, _, argument = action.partition(":")
        assert kind in ("open", "copy", "pause", "resume", "quit")
        if kind == "open":
            assert argument in PAGES
