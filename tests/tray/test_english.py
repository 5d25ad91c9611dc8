"""The tray in English when the policy says so (menu, status, notifications), French by default."""

import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from proxy.config.i18n import gettext_for
from proxy.config.policy import build_policy
from proxy.storage import UsageLog
from proxy.storage.activity import RecentEvent
from proxy.usage.events import UsageRecord
from tests.support.net import free_port
from tray.controller import TrayController
from tray.menu import build_menu, render
from tray.notifications import notifications
from tray.state import TrayState
from tray.supervisor import ChildProcess


def test_menu_in_english() -> None:
    text = render(
        build_menu(TrayState("active", "2026-03", None, pseudonymized=3, blocked=1, language="en"))
    )
    lines = text.splitlines()
    assert lines[0] == "Protection on*"
    assert "Read the charter (in French)" in lines
    assert "Confirm the charter (version 2026-03): to do" in lines
    assert "Report a mistake" in lines
    assert "My activity (7 days): 3 pseudonymized, 1 blocked" in lines
    assert "Before using AI (checklist) (in French)" in lines
    assert "  Open the page" in lines
    assert (
        sum(
            1
            for line in lines
            if line.startswith(
                ("  Idea : « L'idée", "  Production : « Ce doc", "  Improvement : « Ce doc")
            )
        )
        == 3
    )
    assert "Pause the protection" in lines and lines[-1] == "Quit"
    assert not any(word in text for word in ("Quitter", "Signaler", "Mettre la protection"))


def test_menu_in_english_when_acknowledged_paused_or_stopped() -> None:
    paused = build_menu(TrayState("paused", "2026-03", "12/03/2026", language="en"))
    assert [e.label for e in paused][:3] == [
        "Protection paused",
        "Read the charter (in French)",
        "Charter version 2026-03 confirmed on 12/03/2026",
    ]
    assert [e.action for e in paused if e.label == "Resume the protection"] == ["resume"]
    assert (
        TrayState("error", language="en", detail="the guard stopped (code 1)").status_line()
        == "Protection failed: the guard stopped (code 1)"
    )


def test_french_menu_unchanged_by_default() -> None:
    lines = render(build_menu(TrayState("active", "2026-03"))).splitlines()
    assert lines[0] == "Protection active*" and "Lire la charte" in lines and lines[-1] == "Quitter"


def test_notifications_in_english_keep_the_charter_rule_title() -> None:
    now = datetime.now(UTC)
    events = [
        RecentEvent(now, "chatgpt", "block", ("health_data",), ("sante",)),
        RecentEvent(now + timedelta(seconds=1), "chatgpt", "pseudonymize", (), ()),
    ]
    english = notifications(
        events,
        now - timedelta(minutes=1),
        lambda t: "ChatGPT",
        lambda r: "Données de santé",
        gettext_for("en"),
    )
    assert english == [
        "ChatGPT: message blocked (charter rule: « Données de santé »).",
        "ChatGPT: personal data replaced by labels.",
    ]
    french = notifications(
        events, now - timedelta(minutes=1), lambda t: "ChatGPT", lambda r: "Données de santé"
    )
    assert french[0] == "ChatGPT : message bloqué (règle de la charte : « Données de santé »)."


@pytest.fixture
def english_tray(garde_ia_home: Path) -> Iterator[tuple[TrayController, list[str]]]:
    notes: list[str] = []
    failing = (sys.executable, "-c", "raise SystemExit(3)")
    made = TrayController(
        policy=build_policy({"interface": {"language": "en"}}, "test"),
        guard=ChildProcess("guard", failing, free_port()),
        pages=ChildProcess("pages", (sys.executable, "-c", "pass")),
        pages_url="http://127.0.0.1:1",
        log=UsageLog.open(),
        tool_names={"chatgpt": "ChatGPT"},
        open_url=lambda url: None,
        notify=notes.append,
        copy_text=lambda text: True,
    )
    yield made, notes
    made.stop()


def test_controller_speaks_the_policy_language(
    english_tray: tuple[TrayController, list[str]],
) -> None:
    tray, notes = english_tray
    tray.start()
    tray.guard._process.wait(30)  # type: ignore[union-attr]  # the real child exits with code 3
    tray.log.record(
        UsageRecord(
            "chatgpt",
            "chatgpt.com",
            "prompt",
            "block",
            rule_ids=("health_data",),
            occurred_at=datetime.now(UTC) + timedelta(seconds=1),
        )
    )
    tray.refresh()
    assert tray.state.status_line() == "Protection failed: the guard stopped (code 3)"
    assert render(build_menu(tray.state)).splitlines()[-1] == "Quit"
    assert any(note.startswith("ChatGPT: message blocked (charter rule: ") for note in notes)
    tray.dispatch("copy:idee")
    assert notes[-1] == "Statement “Idea” copied: paste it into your document."
