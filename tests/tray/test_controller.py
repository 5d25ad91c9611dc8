"""The tray controller with real child processes: state, notifications, menu actions, pauses logged."""

import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from proxy.config.device import device_id
from proxy.config.policy import load_policy
from proxy.storage import UsageLog
from proxy.storage.acknowledgements import acknowledge
from proxy.storage.engine import make_engine
from proxy.storage.outbox import Outbox
from proxy.storage.protection import protection_changes
from proxy.usage.events import UsageRecord
from tests.support.listener import listener_command
from tests.support.net import free_port
from tray.controller import TrayController
from tray.supervisor import ChildProcess


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.1)


class Recorder:
    def __init__(self) -> None:
        self.urls: list[str] = []
        self.notes: list[str] = []
        self.copied: list[str] = []


@pytest.fixture
def controller(garde_ia_home: Path) -> Iterator[tuple[TrayController, Recorder]]:
    proxy_port, pages_port = free_port(), free_port()
    recorder = Recorder()
    pages = (
        sys.executable,
        "-m",
        "proxy",
        "serve",
        "--port",
        str(pages_port),
        "--proxy-port",
        str(proxy_port),
    )

    def copy_text(text: str) -> bool:
        recorder.copied.append(text)
        return True

    made = TrayController(
        policy=load_policy(),
        guard=ChildProcess("guard", listener_command(proxy_port), proxy_port),
        pages=ChildProcess("pages", pages, pages_port),
        pages_url=f"http://127.0.0.1:{pages_port}",
        log=UsageLog.open(),
        tool_names={"chatgpt": "ChatGPT"},
        open_url=recorder.urls.append,
        notify=recorder.notes.append,
        copy_text=copy_text,
    )
    yield made, recorder
    made.stop()


def test_starts_children_and_reports_active_then_paused_then_resumed(
    controller: tuple[TrayController, Recorder], garde_ia_home: Path
) -> None:
    tray, _ = controller
    started = datetime.now(UTC)
    tray.start()
    wait_for(lambda: tray.refresh() or tray.state.protection == "active")
    assert tray.state.status_line() == "Protection active"
    tray.dispatch("pause")
    tray.refresh()
    assert tray.state.protection == "paused" and tray.guard.status().running is False
    tray.dispatch("resume")
    wait_for(lambda: tray.refresh() or tray.state.protection == "active")
    tray.stop()
    tray.stop()  # the tray's quit path and its shutdown both stop: the stop is logged once
    reader = UsageLog.open()
    changes = protection_changes(reader.engine, started, datetime.now(UTC) + timedelta(seconds=1))
    reader.close()
    assert [(c.change, c.reason) for c in changes] == [
        ("start", "tray"),
        ("pause", "menu"),
        ("resume", "menu"),
        ("stop", "tray"),
    ]
    assert {c.device_id for c in changes} == {device_id()}
    assert not list(garde_ia_home.glob("*.jsonl"))  # no side journal any more


def test_pause_with_the_database_away_waits_in_the_outbox_then_reaches_the_log(
    garde_ia_home: Path, tmp_path: Path
) -> None:
    outbox = Outbox()
    away = UsageLog(make_engine(f"sqlite:///{tmp_path / 'missing-dir' / 'x.sqlite3'}"), outbox)
    guard_port = free_port()
    tray = TrayController(
        load_policy(),
        ChildProcess("guard", listener_command(guard_port), guard_port),
        ChildProcess("pages", (sys.executable, "-c", "pass")),
        "http://127.0.0.1:1",
        away,
        {},
        print,
        print,
    )
    tray.dispatch("pause")  # the menu still works
    assert tray.guard.status().running is False
    assert [c.change for c in outbox.peek_protection(10)] == ["pause"]
    back = UsageLog.open(
        outbox=outbox
    )  # the guard's writer drains the same outbox when it runs again
    back.drain_outbox()
    assert [
        c.change
        for c in protection_changes(
            back.engine, datetime(2000, 1, 1, tzinfo=UTC), datetime.now(UTC) + timedelta(seconds=1)
        )
    ] == ["pause"]
    assert outbox.peek_protection(10) == []
    back.close()
    tray.stop()


def test_crashed_guard_shows_error(garde_ia_home: Path) -> None:
    crash = ChildProcess("guard", (sys.executable, "-c", "raise SystemExit(3)"), free_port())
    tray = TrayController(
        load_policy(),
        crash,
        ChildProcess("pages", (sys.executable, "-c", "pass")),
        "http://127.0.0.1:1",
        UsageLog.open(),
        {},
        print,
        print,
    )
    tray.start()
    wait_for(lambda: tray.refresh() or tray.state.protection == "error")
    assert "code 3" in tray.state.status_line()
    tray.stop()


def test_notifies_blocked_and_pseudonymized_requests_without_content(
    controller: tuple[TrayController, Recorder],
) -> None:
    tray, recorder = controller
    tray.refresh()
    later = datetime.now(UTC) + timedelta(seconds=1)
    tray.log.record_many(
        [
            UsageRecord(
                "chatgpt",
                "chatgpt.com",
                "prompt",
                "block",
                rule_ids=("donnees-sensibles",),
                categories=("sante",),
                occurred_at=later,
            ),
            UsageRecord(
                "chatgpt",
                "chatgpt.com",
                "prompt",
                "pseudonymize",
                rule_ids=("anonymisation",),
                entity_counts={"PERSON": 1},
                occurred_at=later + timedelta(seconds=1),
            ),
            UsageRecord(
                "chatgpt",
                "chatgpt.com",
                "prompt",
                "allow",
                occurred_at=later + timedelta(seconds=2),
            ),
        ]
    )
    tray.refresh()
    assert recorder.notes == [
        "ChatGPT : message bloqué (règle de la charte : « Pas de données sensibles sur une personne »).",
        "ChatGPT : données personnelles remplacées par des étiquettes (règle de la charte : « Anonymiser avant d'envoyer »).",
    ]
    assert (tray.state.blocked, tray.state.pseudonymized) == (1, 1)
    tray.refresh()
    assert len(recorder.notes) == 2  # each decision is notified once


def test_acknowledgement_shows_in_the_state(controller: tuple[TrayController, Recorder]) -> None:
    tray, _ = controller
    tray.refresh()
    assert tray.state.acknowledged_on is None
    acknowledge(tray.log.engine, device_id(), "2026-03")
    assert tray.refresh()
    assert tray.state.acknowledged_on == datetime.now().strftime("%d/%m/%Y")


def test_menu_actions_open_the_local_pages_that_answer(
    controller: tuple[TrayController, Recorder],
) -> None:
    tray, recorder = controller
    tray.start()
    for action in ("open:charte", "open:signaler", "open:activite", "open:mentions"):
        tray.dispatch(action)
    wait_for(lambda: tray.pages.status().ready)
    for url in recorder.urls:
        page = httpx.get(url, timeout=30)
        assert page.status_code == 200, url
        assert "garde-ia" in page.text
    tray.dispatch("copy:production")
    assert recorder.copied and "produit avec l'aide d'une IA" in recorder.copied[0]
    assert recorder.notes[-1].startswith("Mention « Production » copiée")
    tray.dispatch("nonsense")  # logged, never raised
    tray.dispatch("open:nowhere")


def test_quit_stops_the_children(controller: tuple[TrayController, Recorder]) -> None:
    tray, _ = controller
    quit_called: list[bool] = []
    tray.on_quit = lambda: quit_called.append(True)
    tray.start()
    wait_for(lambda: tray.guard.status().ready)
    tray.dispatch("quit")
    assert quit_called == [True]
    assert not tray.guard.status().running and not tray.pages.status().running


def test_the_local_pages_pause_and_resume_through_the_tray(
    controller: tuple[TrayController, Recorder],
) -> None:
    """Where the icon has no menu, the home page's button does what the menu does (the real pages and form)."""
    from tests.support.web import form_token

    tray, _ = controller
    tray.start()
    wait_for(lambda: tray.refresh() or tray.state.protection == "active")
    wait_for(lambda: tray.pages.status().ready)
    with httpx.Client(
        base_url=tray.pages_url, timeout=30, headers={"Accept-Language": "fr"}
    ) as client:
        home = client.get("/")
        assert 'id="pause"' in home.text and "Protection active" in home.text
        asked = client.post(
            "/protection",
            data={"csrf_token": form_token(home.text), "souhait": "pause"},
            headers={"Origin": tray.pages_url},
        )
        assert asked.status_code == 303
        wait_for(lambda: tray.refresh() or tray.state.protection == "paused")
        assert tray.guard.status().running is False
        home = client.get("/")
        assert 'id="resume"' in home.text and "Protection en pause" in home.text
        client.post(
            "/protection",
            data={"csrf_token": form_token(home.text), "souhait": "resume"},
            headers={"Origin": tray.pages_url},
        )
        wait_for(lambda: tray.refresh() or tray.state.protection == "active")
    now = datetime.now(UTC)
    changes = [
        c.change
        for c in protection_changes(
            tray.log.engine, now - timedelta(hours=1), now + timedelta(minutes=1)
        )
    ]
    assert changes[-2:] == ["pause", "resume"] and changes.count("pause") == 1
    tray.stop()
