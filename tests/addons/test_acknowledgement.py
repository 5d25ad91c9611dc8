"""The charter acknowledgement gate in the addon chain, with the real CharterGate on a real SQLite log."""

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from mitmproxy import http

from addons.acknowledgement import PROBLEM
from addons.context import DeviceSink
from addons.state import state_of
from proxy.charter.gate import CharterGate
from proxy.config.device import device_id
from proxy.config.policy import OrganisationPolicy, build_policy
from proxy.storage import UsageLog
from proxy.storage.acknowledgements import acknowledge
from tests.support.fakes import NAME, FakeChecker, RecordingSink, make_context
from tests.support.pipeline import (
    Pipeline,
    content_of,
    request_flow,
    response_of,
    text_of,
    websocket_flow,
)

CHAT = "https://api.openai.com/v1/chat/completions"
MESSAGES = "https://api.anthropic.com/v1/messages"
COPILOT_WS = "wss://copilot.microsoft.com/c/api/chat?api-version=2"


def chat_body(text: str) -> bytes:
    return json.dumps(
        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]},
        ensure_ascii=False,
    ).encode()


@pytest.fixture
def log() -> Iterator[UsageLog]:
    opened = UsageLog.open()  # SQLite in the test's GARDE_IA_HOME
    yield opened
    opened.close()


class Setup:
    def __init__(self, log: UsageLog, policy: OrganisationPolicy | None = None) -> None:
        self.policy = policy or build_policy({}, "test")
        self.gate = CharterGate(self.policy, log.engine, "http://127.0.0.1:8799", recheck_seconds=0)
        self.checker = FakeChecker()
        self.sink = RecordingSink()
        plain = make_context(self.checker, self.policy, self.sink)
        self.context = replace(
            plain, charter_gate=self.gate, sink=DeviceSink(self.sink, device_id())
        )

    def pipeline(self) -> Pipeline:
        return Pipeline(self.context)


def gated(flow: http.HTTPFlow) -> bool:
    state = state_of(flow)
    return (
        flow.response is not None
        and response_of(flow).status_code == 403
        and response_of(flow).headers.get("x-garde-ia") == "blocked"
        and state is not None
        and state.problem == PROBLEM
    )


def test_api_call_gets_the_gate_message_in_the_tools_error_format_and_is_not_checked(
    log: UsageLog,
) -> None:
    setup = Setup(log)
    with setup.pipeline() as pipeline:
        flow = pipeline.send(request_flow(CHAT, chat_body(f"Écris à {NAME}.")))
        assert gated(flow) and flow.response is not None
        pipeline.answer(
            flow, response_of(flow)
        )  # garde-ia's own answer goes back through the hooks
    error = json.loads(response_of(flow).content or b"")["error"]
    assert error["message"] == setup.gate.api_message() and error["code"] == "garde_ia_blocked"
    assert (
        "http://127.0.0.1:8799/charte" in error["message"] and "version 2026-03" in error["message"]
    )
    assert setup.checker.calls == []  # stopped before the charter check: nothing read, nothing sent
    assert [(r.action, r.device_id) for r in setup.sink.records] == [("block", device_id())]


def test_anthropic_call_gets_an_anthropic_error(log: UsageLog) -> None:
    setup = Setup(log)
    body = json.dumps(
        {"model": "claude", "max_tokens": 10, "messages": [{"role": "user", "content": "Bonjour"}]}
    ).encode()
    with setup.pipeline() as pipeline:
        flow = pipeline.send(request_flow(MESSAGES, body))
    assert gated(flow) and flow.response is not None
    answer = json.loads(response_of(flow).content or b"")
    assert answer["type"] == "error" and answer["error"]["message"] == setup.gate.api_message()


def test_opening_the_tools_page_shows_the_charter_gate_page(log: UsageLog) -> None:
    setup = Setup(log)
    with setup.pipeline() as pipeline:
        page = pipeline.send(
            request_flow("https://chatgpt.com/", method="GET", **{"sec-fetch-dest": "document"})
        )
        script = pipeline.send(
            request_flow("https://chatgpt.com/cdn/app.js", method="GET", accept="*/*")
        )
    assert gated(page) and page.response is not None
    assert response_of(page).headers["content-type"].startswith("text/html")
    assert response_of(page).headers["cache-control"] == "no-store"
    html = text_of(page) or ""
    assert "avant d'utiliser ChatGPT" in html and 'href="http://127.0.0.1:8799/charte"' in html
    assert script.response is None  # what sends nothing and is not a page load passes


def test_an_english_browser_gets_the_gate_page_in_english(log: UsageLog) -> None:
    setup = Setup(log)
    with setup.pipeline() as pipeline:
        page = pipeline.send(
            request_flow(
                "https://chatgpt.com/",
                method="GET",
                **{"sec-fetch-dest": "document", "accept-language": "en-GB,en;q=0.9"},
            )
        )
    assert gated(page) and page.response is not None
    html = text_of(page) or ""
    assert '<html lang="en">' in html and "One moment before using ChatGPT" in html
    assert "Summary of the charter (in French):" in html


def test_after_acknowledgement_the_same_request_is_checked_and_pseudonymized(log: UsageLog) -> None:
    setup = Setup(log)
    with setup.pipeline() as pipeline:
        before = pipeline.send(request_flow(CHAT, chat_body(f"Écris à {NAME}.")))
        acknowledge(log.engine, device_id(), setup.policy.charter.version)
        after = pipeline.send(request_flow(CHAT, chat_body(f"Écris à {NAME}.")))
    assert gated(before)
    state = state_of(after)
    assert after.response is None and state is not None and state.status == "cleared"
    assert state.action == "pseudonymize" and b"[PERSONNE_1]" in (content_of(after.request) or b"")
    assert NAME.encode() not in (content_of(after.request) or b"")
    assert setup.checker.calls == [2]  # the prompt, then every other string of the request (joined)


def test_a_new_charter_version_asks_again(log: UsageLog) -> None:
    old = build_policy({}, "test")
    acknowledge(log.engine, device_id(), old.charter.version)
    with Setup(log, old).pipeline() as pipeline:
        assert not gated(pipeline.send(request_flow(CHAT, chat_body("Bonjour"))))
    newer = Setup(log, build_policy({"charter": {"version": "2027-01"}}, "test"))
    with newer.pipeline() as pipeline:
        flow = pipeline.send(request_flow(CHAT, chat_body("Bonjour")))
    assert gated(flow) and "version 2027-01" in (text_of(flow) if flow.response else "")


def test_websocket_handshake_is_refused_until_acknowledged(log: UsageLog) -> None:
    setup = Setup(log)
    with setup.pipeline() as pipeline:
        refused = pipeline.send(websocket_flow(COPILOT_WS))
        acknowledge(log.engine, device_id(), setup.policy.charter.version)
        opened = pipeline.send(websocket_flow(COPILOT_WS))
        frame = {"event": "send", "content": [{"type": "text", "text": f"Pour {NAME}"}]}
        message = pipeline.message(opened, json.dumps(frame, ensure_ascii=False))
    assert gated(refused)
    assert (
        opened.response is None and "[PERSONNE_1]" in message.text
    )  # the socket's messages are checked
    assert [(r.endpoint_kind, r.action, r.device_id) for r in setup.sink.records] == [
        ("prompt", "pseudonymize", device_id())
    ]


def test_forbidden_tool_keeps_its_own_notice(log: UsageLog) -> None:
    setup = Setup(log, build_policy({"tools": {"status": {"openai_api": "forbidden"}}}, "test"))
    with setup.pipeline() as pipeline:
        flow = pipeline.send(request_flow(CHAT, chat_body("Bonjour")))
    state = state_of(flow)
    assert (
        state is not None
        and state.status == "blocked"
        and state.problem is None
        and flow.response is not None
    )
    assert setup.gate.api_message() not in (text_of(flow) or "")


def test_an_unreadable_database_keeps_the_gate_closed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = UsageLog.open(f"sqlite:///{tmp_path / 'log.sqlite3'}")
    acknowledge(broken.engine, device_id(), build_policy({}, "test").charter.version)
    (tmp_path / "log.sqlite3").unlink()
    (
        tmp_path / "log.sqlite3"
    ).mkdir()  # the file is gone, a directory stands in its place: reads fail
    broken.engine.dispose()
    setup = Setup(broken)
    with caplog.at_level("WARNING"), setup.pipeline() as pipeline:
        flow = pipeline.send(request_flow(CHAT, chat_body(f"Écris à {NAME}.")))
    assert gated(flow) and setup.checker.calls == []
    assert "Confirmation de la charte illisible (OperationalError)" in caplog.text
    broken.close()


def test_without_a_gate_in_the_context_nothing_is_gated() -> None:
    with Pipeline(make_context()) as pipeline:
        flow = pipeline.send(request_flow(CHAT, chat_body("Bonjour")))
    assert flow.response is None and state_of(flow) is not None
