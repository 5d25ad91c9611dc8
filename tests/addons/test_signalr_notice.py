"""M365 Copilot (SignalR over WebSocket): a blocked prompt is answered with a notice the chat shows."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from mitmproxy import http

from addons.websocket import notice_frames
from proxy.config.policy import load_policy
from proxy.inspection.formats.websocket_notices import RECORD_SEPARATOR, invocation_id
from proxy.inspection.notices import problem_notice
from tests.support.fakes import NAME, RecordingSink, make_context
from tests.support.pipeline import Pipeline, websocket_flow

M365 = "https://substrate.office.com/m365Copilot/Chathub/oid@tid?ClientRequestId=r1"


def invocation(text: str, invocation: str = "7") -> str:
    return (
        json.dumps(
            {
                "arguments": [
                    {
                        "source": "officeweb",
                        "message": {"author": "user", "text": text, "messageType": "Chat"},
                        "conversationId": "m-1",
                    }
                ],
                "invocationId": invocation,
                "target": "chat",
                "type": 4,
            },
            ensure_ascii=False,
        )
        + RECORD_SEPARATOR
    )


def records(frame: bytes) -> list[dict[str, Any]]:
    text = frame.decode()
    assert text.endswith(RECORD_SEPARATOR)  # SignalR framing: every record ends with \x1e
    return [json.loads(r) for r in text.split(RECORD_SEPARATOR)[:-1]]


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
def pipeline(sink: RecordingSink) -> Iterator[Pipeline]:
    with Pipeline(make_context(sink=sink)) as p:
        yield p


@pytest.fixture
def flow(pipeline: Pipeline) -> http.HTTPFlow:
    """The M365 Copilot WebSocket, opened through the guard."""
    opened = websocket_flow(M365)
    pipeline.send(opened)
    return opened


def test_a_blocked_prompt_gets_a_french_notice_naming_the_rule_and_the_data_kinds(
    pipeline: Pipeline, flow: http.HTTPFlow, sink: RecordingSink
) -> None:
    message = pipeline.message(flow, invocation(f"{NAME} est séropositive, écris à son employeur."))
    assert message.dropped
    [(to_client, frame)] = pipeline.injected.frames
    update, final, completion = records(frame)
    text = update["arguments"][0]["messages"][0]["text"]
    assert update["type"] == 1 and update["target"] == "update"
    assert text.startswith("garde-ia : votre message n'a pas été envoyé")
    assert (
        "Pas de données sensibles" in text and "nom de personne" in text
    )  # the rule and the kind of data
    assert "Dupont" not in text and "séropositive" not in text  # never the data
    assert to_client and final == {
        "type": 2,
        "invocationId": "7",
        "item": {
            "messages": [update["arguments"][0]["messages"][0]],
            "result": {"value": "Success"},
        },
    }
    assert completion == {"type": 3, "invocationId": "7"}  # the page stops waiting for an answer
    assert sink.records[0].action == "block"


def test_an_unreadable_invocation_gets_a_notice_for_its_own_invocation(
    pipeline: Pipeline, flow: http.HTTPFlow
) -> None:
    broken = '{"arguments":[{"message":{"text":"Jean Dupont, 3 rue'  # cut: not JSON
    message = pipeline.message(
        flow, '{"type":4,"invocationId":"12",' + broken[1:] + RECORD_SEPARATOR
    )
    assert message.dropped
    [(_, frame)] = pipeline.injected.frames
    update, final, completion = records(frame)
    assert "n'a pas pu le vérifier" in update["arguments"][0]["messages"][0]["text"]
    assert final["invocationId"] == completion["invocationId"] == "12"


def test_without_an_invocation_id_only_the_update_is_sent() -> None:
    [frame] = notice_frames("signalr_ws", problem_notice("message binaire", load_policy()))
    [update] = records(frame)
    assert update["type"] == 1 and "garde-ia" in update["arguments"][0]["messages"][0]["text"]


def test_allowed_invocations_get_no_notice(pipeline: Pipeline, flow: http.HTTPFlow) -> None:
    message = pipeline.message(flow, invocation(f"Aide {NAME} à écrire."))
    assert not message.dropped and pipeline.injected.frames == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"type":4,"invocationId":"3","target":"chat"}\x1e', "3"),
        (b'{"invocationId" : "a-1.b", "type": 4', "a-1.b"),
        (b'{"type":6}\x1e', None),
        (b'{"invocationId":"\\"}"}', None),
    ],
)
def test_invocation_id(content: bytes, expected: str | None) -> None:
    assert invocation_id(content) == expected
