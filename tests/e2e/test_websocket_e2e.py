"""Copilot and M365 Copilot over WebSocket: a real client through the real `garde-ia run` to a local fake service."""

import json
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from tests.e2e.ws_upstream import RS, WsUpstream, start_ws_upstream
from tests.support.guard import LaunchGuard, ProxyProcess

pytestmark = pytest.mark.spacy_model
PROMPT = "Rédige un mot de remerciement pour Jean Dupont, bénévole depuis dix ans."
SENSITIVE = "Marie Durand est séropositive, écris à son employeur."
COPILOT = "/c/api/chat?api-version=2&clientSessionId=s1"


@pytest.fixture(scope="module")
def ws_upstream(test_ca: Path) -> Iterator[WsUpstream]:
    upstream, server = start_ws_upstream(test_ca)
    yield upstream
    server.shutdown()


@pytest.fixture(scope="module")
def guard(launch_guard: LaunchGuard, ws_upstream: WsUpstream) -> ProxyProcess:
    return launch_guard(
        "ws-guard",
        ws_upstream.port,
        ("copilot.microsoft.com", "substrate.office.com"),
        args=["--no-usage-log"],
    )


@pytest.fixture
def upstream(ws_upstream: WsUpstream) -> WsUpstream:
    ws_upstream.frames.clear()
    return ws_upstream


def open_ws(
    guard: ProxyProcess, host: str = "copilot.microsoft.com", path: str = COPILOT
) -> ClientConnection:
    context = ssl.create_default_context(cafile=str(guard.ca))
    return connect(f"wss://{host}{path}", proxy=guard.url, ssl=context, open_timeout=60)


def send_prompt(ws: ClientConnection, text: str, conversation: str = "cv-1") -> None:
    ws.send(
        json.dumps(
            {
                "event": "send",
                "conversationId": conversation,
                "mode": "chat",
                "content": [{"type": "text", "text": text}],
            },
            ensure_ascii=False,
        )
    )


def until_done(ws: ClientConnection) -> list[dict[str, Any]]:
    """The frames the page receives up to the end of one answer (or the upstream's sync reply)."""
    frames = []
    while True:
        frame = json.loads(ws.recv(timeout=60))
        frames.append(frame)
        if frame.get("event") in ("done", "received"):
            return frames


def text_frame(ws: ClientConnection) -> str:
    frame = ws.recv(timeout=60)
    assert isinstance(frame, str), "a binary frame"
    return frame


def appended_text(frames: list[dict[str, Any]]) -> str:
    return "".join(f["text"] for f in frames if f.get("event") == "appendText")


def test_prompt_is_pseudonymized_and_the_streamed_answer_restored(
    guard: ProxyProcess, upstream: WsUpstream
) -> None:
    with open_ws(guard) as ws:
        send_prompt(ws, PROMPT)
        frames = until_done(ws)
    [sent] = upstream.frames
    assert "Dupont" not in sent and "[PERSONNE_1]" in sent
    payload = json.loads(sent)  # still a valid Copilot frame, same structure
    assert (
        payload["event"] == "send"
        and payload["conversationId"] == "cv-1"
        and payload["mode"] == "chat"
    )
    assert payload["content"][0]["text"] == PROMPT.replace("Jean Dupont", "[PERSONNE_1]")
    deltas = [f for f in frames if f.get("event") == "appendText"]
    assert len(deltas) > 5  # still streamed frame by frame, not gathered into one
    assert appended_text(frames) == "Voici le mot pour Jean Dupont, bien cordialement."
    assert frames[-1]["event"] == "done"


def test_sensitive_prompt_never_reaches_the_service_and_the_page_gets_a_notice(
    guard: ProxyProcess, upstream: WsUpstream
) -> None:
    with open_ws(guard) as ws:
        send_prompt(ws, SENSITIVE)
        notice = until_done(ws)
        send_prompt(ws, "Quelle heure est-il à Lyon ?")  # the connection stays usable afterwards
        after = until_done(ws)
    text = appended_text(notice)
    assert "Pas de données sensibles" in text and "garde-ia" in text
    assert "Durand" not in text and "séropositive" not in text  # the kind of data, never the data
    assert notice[-1] == {"event": "done"}
    assert (
        len(upstream.frames) == 1
        and "Durand" not in upstream.texts()
        and "Lyon" in upstream.texts()
    )
    assert appended_text(after) == "Voici le mot pour vous, bien cordialement."


def test_unparseable_frames_on_the_prompt_socket_are_dropped(
    guard: ProxyProcess, upstream: WsUpstream
) -> None:
    with open_ws(guard) as ws:
        ws.send('{"event": "send", "content": [{"type": "text", "text": "Jean Dupont habite 3 rue')
        broken = until_done(ws)
        ws.send(b"\x00\x01Jean Dupont")
        binary = until_done(ws)
        send_prompt(ws, "Bonjour !")
        until_done(ws)
    assert "garde-ia" in appended_text(broken) and "garde-ia" in appended_text(binary)
    assert len(upstream.frames) == 1 and "Dupont" not in upstream.texts()


def test_unparseable_frame_on_another_socket_of_a_catalogued_host_is_dropped(
    guard: ProxyProcess, upstream: WsUpstream
) -> None:
    with open_ws(guard, path="/c/api/other-socket") as ws:
        ws.send('{"note": "Jean Dupont, 06 12 34 56 78", "broken": ')
        ws.send(json.dumps({"event": "ping"}))  # parseable, no typed text: passes
        assert json.loads(ws.recv(timeout=60)) == {"event": "received"}
    assert upstream.frames == [json.dumps({"event": "ping"})]


def test_m365_copilot_signalr_prompt_is_pseudonymized_and_snapshots_restored(
    guard: ProxyProcess, upstream: WsUpstream
) -> None:
    invocation = {
        "arguments": [
            {
                "source": "officeweb",
                "message": {"author": "user", "text": PROMPT, "messageType": "Chat"},
                "conversationId": "m-1",
            }
        ],
        "invocationId": "1",
        "target": "chat",
        "type": 4,
    }
    with open_ws(
        guard, "substrate.office.com", "/m365Copilot/Chathub/oid@tid?ClientRequestId=r1"
    ) as ws:
        ws.send(json.dumps(invocation, ensure_ascii=False) + RS)
        frames = [text_frame(ws) for _ in range(4)]
    [sent] = upstream.frames
    assert isinstance(sent, str)
    assert "Dupont" not in sent and "[PERSONNE_1]" in sent and sent.endswith(RS)
    records = [json.loads(r) for f in frames for r in f.split(RS) if r]
    snapshots = [
        m["text"] for r in records if r["type"] == 1 for m in r["arguments"][0]["messages"]
    ]
    assert snapshots[-1] == "Voici le mot pour Jean Dupont, bien cordialement."
    assert not any("[PERSONNE_1]" in s for s in snapshots)
    final = next(r for r in records if r["type"] == 2)
    assert (
        final["item"]["messages"][0]["text"] == "Voici le mot pour Jean Dupont, bien cordialement."
    )
    assert records[-1]["type"] == 3


def test_m365_copilot_blocked_prompt_gets_a_signalr_notice(
    guard: ProxyProcess, upstream: WsUpstream
) -> None:
    invocation = {
        "arguments": [
            {
                "source": "officeweb",
                "message": {"author": "user", "text": SENSITIVE, "messageType": "Chat"},
                "conversationId": "m-2",
            }
        ],
        "invocationId": "5",
        "target": "chat",
        "type": 4,
    }
    with open_ws(
        guard, "substrate.office.com", "/m365Copilot/Chathub/oid@tid?ClientRequestId=r2"
    ) as ws:
        ws.send(json.dumps(invocation, ensure_ascii=False) + RS)
        frame = text_frame(ws)
    assert upstream.frames == []  # never reached the service
    records = [json.loads(r) for r in frame.split(RS) if r]
    assert [r["type"] for r in records] == [1, 2, 3] and records[2]["invocationId"] == "5"
    text = records[0]["arguments"][0]["messages"][0]["text"]
    assert "garde-ia" in text and "Pas de données sensibles" in text
    assert "Durand" not in text and "séropositive" not in text
