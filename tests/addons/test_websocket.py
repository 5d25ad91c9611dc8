"""WebSocketCheck: client frames checked (deny by default), notices injected, answer frames restored."""

import json
from collections.abc import Iterator

import pytest
from mitmproxy import http

from addons.state import state_of
from addons.websocket import notice_frames
from proxy.config.policy import load_policy
from proxy.inspection.notices import problem_notice
from tests.support.fakes import NAME, FakeChecker, RecordingSink, make_context
from tests.support.pipeline import Pipeline, websocket_flow

COPILOT = "https://copilot.microsoft.com/c/api/chat?api-version=2"


def send_frame(text: str) -> str:
    return json.dumps(
        {
            "event": "send",
            "conversationId": "cv-1",
            "mode": "chat",
            "content": [{"type": "text", "text": text}],
        },
        ensure_ascii=False,
    )


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
def pipeline(sink: RecordingSink) -> Iterator[Pipeline]:
    with Pipeline(make_context(sink=sink)) as p:
        yield p


def opened(pipeline: Pipeline, url: str = COPILOT) -> http.HTTPFlow:
    flow = websocket_flow(url)
    pipeline.send(
        flow
    )  # the handshake: classified and cleared, its messages are checked one by one
    return flow


def test_personal_data_is_pseudonymized_in_the_frame(
    pipeline: Pipeline, sink: RecordingSink
) -> None:
    flow = opened(pipeline)
    message = pipeline.message(flow, send_frame(f"Aide {NAME} à écrire."))
    assert not message.dropped
    sent = json.loads(message.text)
    assert (
        sent["content"][0]["text"] == "Aide [PERSONNE_1] à écrire."
        and sent["conversationId"] == "cv-1"
    )
    [record] = sink.records
    assert (record.tool_id, record.action, record.entity_counts, record.model) == (
        "copilot",
        "pseudonymize",
        {"PERSONNE": 1},
        "chat",
    )
    assert record.request_bytes == len(message.content)


def test_sensitive_frame_is_dropped_and_the_page_gets_notice_frames(
    pipeline: Pipeline, sink: RecordingSink
) -> None:
    flow = opened(pipeline)
    message = pipeline.message(flow, send_frame(f"{NAME} est séropositive."))
    assert message.dropped
    frames = [json.loads(frame) for to_client, frame in pipeline.injected.frames if to_client]
    assert frames[0]["event"] == "appendText" and "Pas de données sensibles" in frames[0]["text"]
    assert "Dupont" not in frames[0]["text"] and frames[-1] == {"event": "done"}
    assert sink.records[0].action == "block" and sink.records[0].rule_ids == ("donnees-sensibles",)


@pytest.mark.parametrize(
    "content", ['{"event": "send", "content": [', b"\x00\x01binary"], ids=["broken-json", "binary"]
)
def test_unreadable_frames_stay_dropped(
    pipeline: Pipeline, sink: RecordingSink, content: str | bytes
) -> None:
    flow = opened(pipeline)
    message = pipeline.message(flow, content)
    assert message.dropped and sink.records[0].action == "block"
    assert pipeline.injected.frames  # the page is told why


def test_a_crashing_detector_leaves_the_frame_dropped() -> None:
    with Pipeline(make_context(FakeChecker(fault="raise"))) as pipeline:
        flow = opened(pipeline)
        message = pipeline.message(flow, send_frame(f"Aide {NAME}."))
    assert message.dropped and NAME in message.text  # dropped as it was, never sent


def test_when_the_websocket_hook_itself_fails_the_gate_drops_the_frame(pipeline: Pipeline) -> None:
    async def broken(_flow: http.HTTPFlow) -> None:
        raise RuntimeError("simulated addon bug")

    pipeline.websocket.websocket_message = broken  # type: ignore[method-assign,assignment]  # the hook broken on purpose
    flow = opened(pipeline)
    message = pipeline.message(flow, send_frame("Bonjour"))
    assert message.dropped


def test_answer_frames_are_restored_with_placeholders_split_across_frames(
    pipeline: Pipeline,
) -> None:
    flow = opened(pipeline)
    pipeline.message(flow, send_frame(f"Aide {NAME}."))
    deltas = ["Voici pour [PER", "SONNE_1], cordia", "lement."]
    frames = [
        pipeline.message(flow, json.dumps({"event": "appendText", "text": d}), from_client=False)
        for d in deltas
    ]
    assert (
        "".join(json.loads(f.text)["text"] for f in frames) == f"Voici pour {NAME}, cordialement."
    )
    assert (
        json.loads(frames[0].text)["text"] == "Voici pour "
    )  # only the possible placeholder is held back


def test_text_held_back_at_the_end_of_the_answer_comes_before_done(pipeline: Pipeline) -> None:
    flow = opened(pipeline)
    pipeline.message(flow, send_frame(f"Aide {NAME}."))
    first = pipeline.message(
        flow, json.dumps({"event": "appendText", "text": "Voir [ANNEXE"}), from_client=False
    )
    done = pipeline.message(flow, json.dumps({"event": "done"}), from_client=False)
    assert json.loads(first.text)["text"] == "Voir "
    assert json.loads(done.text) == {
        "event": "appendText",
        "text": "[ANNEXE",
    }  # the held text, then the end
    assert [json.loads(f) for to_client, f in pipeline.injected.frames if to_client] == [
        {"event": "done"}
    ]


def test_signalr_answers_keep_their_record_framing(pipeline: Pipeline) -> None:
    flow = opened(pipeline, "https://substrate.office.com/m365Copilot/Chathub/oid@tid")
    invocation = {
        "arguments": [
            {"message": {"author": "user", "text": f"Aide {NAME}."}, "conversationId": "m-1"}
        ],
        "invocationId": "1",
        "target": "chat",
        "type": 4,
    }
    sent = pipeline.message(flow, json.dumps(invocation, ensure_ascii=False) + "\x1e")
    assert "[PERSONNE_1]" in sent.text and sent.text.endswith("\x1e")
    update = {
        "type": 1,
        "target": "update",
        "arguments": [{"messages": [{"text": "Pour [PERSONNE_1]."}]}],
    }
    answer = pipeline.message(
        flow, json.dumps(update) + "\x1e" + json.dumps({"type": 3}) + "\x1e", from_client=False
    )
    records = answer.text.split("\x1e")
    assert (
        records[-1] == ""
        and json.loads(records[0])["arguments"][0]["messages"][0]["text"] == f"Pour {NAME}."
    )


def test_frames_of_uncatalogued_hosts_are_not_touched(
    pipeline: Pipeline, sink: RecordingSink
) -> None:
    flow = opened(pipeline, "https://chat.example.org/socket")
    message = pipeline.message(flow, send_frame(f"Aide {NAME}."))
    assert (
        state_of(flow) is None
        and not message.dropped
        and NAME in message.text
        and sink.records == []
    )


def test_notice_frames_only_for_known_frame_formats() -> None:
    notice = problem_notice("erreur interne", load_policy())
    assert len(notice_frames("copilot_ws", notice)) == 2
    assert notice_frames("generic", notice) == []


def test_each_frame_is_recorded_with_its_own_facts(pipeline: Pipeline, sink: RecordingSink) -> None:
    flow = opened(pipeline)
    pipeline.message(flow, send_frame(f"Aide {NAME}."))
    pipeline.message(flow, send_frame("Merci, et la météo ?"))
    pipeline.message(flow, b"\x00binary")
    assert [r.action for r in sink.records] == ["pseudonymize", "allow", "block"]
    assert sink.records[1].entity_counts == {} and sink.records[1].rule_ids == ()
