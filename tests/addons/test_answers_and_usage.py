"""AnswerRestorer and UsageReporter: real values back in answers; usage records hold facts, never content."""

import dataclasses
import json
from collections.abc import Iterable, Iterator

import pytest
from mitmproxy import http

from addons.state import state_of
from addons.usage import record_for
from tests.support.fakes import NAME, RecordingSink, make_context
from tests.support.pipeline import (
    HttpResponseHeadersHook,
    Pipeline,
    request_flow,
    response_of,
    stream_of,
    text_of,
)

CHAT = "https://api.openai.com/v1/chat/completions"


def prompt(text: str, stream: bool = False) -> bytes:
    return json.dumps(
        {"model": "gpt-4o-mini", "stream": stream, "messages": [{"role": "user", "content": text}]},
        ensure_ascii=False,
    ).encode()


def sse(*deltas: str) -> list[bytes]:
    return [
        f"data: {json.dumps({'choices': [{'index': 0, 'delta': {'content': d}}]})}\n\n".encode()
        for d in deltas
    ]


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
def pipeline(sink: RecordingSink) -> Iterator[Pipeline]:
    with Pipeline(make_context(sink=sink)) as p:
        yield p


def one_chunk(result: bytes | Iterable[bytes]) -> bytes:
    """One call's output, which must be bytes here."""
    assert isinstance(result, bytes)
    return result


def test_plain_json_answer_is_restored(pipeline: Pipeline) -> None:
    flow = pipeline.send(request_flow(CHAT, prompt(f"Écris à {NAME}.")))
    answer = {"choices": [{"message": {"role": "assistant", "content": "Bonjour [PERSONNE_1] !"}}]}
    pipeline.answer(
        flow, http.Response.make(200, json.dumps(answer), {"content-type": "application/json"})
    )
    assert response_of(flow).json()["choices"][0]["message"]["content"] == f"Bonjour {NAME} !"


def test_streamed_answer_keeps_streaming_through_a_restorer(pipeline: Pipeline) -> None:
    flow = pipeline.send(request_flow(CHAT, prompt(f"Écris à {NAME}.", stream=True)))
    response = http.Response.make(200, b"", {"content-type": "text/event-stream"})
    flow.response = response
    pipeline.run(HttpResponseHeadersHook(flow))
    stream = stream_of(response)
    out = [
        stream(chunk) for chunk in [*sse("Bonjour [PER", "SONNE_1] !"), b"data: [DONE]\n\n", b""]
    ]
    deltas = [
        [
            json.loads(line[6:])["choices"][0]["delta"]["content"]
            for line in chunk.decode().split("\n\n")
            if line.startswith("data: {")
        ]
        for chunk in map(one_chunk, out)
    ]
    assert deltas[0] == [
        "Bonjour "
    ]  # the first event leaves at once, minus the possible placeholder
    assert "".join(d for chunk in deltas for d in chunk) == f"Bonjour {NAME} !"


def test_nothing_is_restored_for_a_conversation_without_placeholders(pipeline: Pipeline) -> None:
    flow = pipeline.send(request_flow(CHAT, prompt("Quelle heure est-il ?")))
    body = json.dumps({"choices": [{"message": {"content": "Il est [PERSONNE_1] heures."}}]})
    pipeline.answer(flow, http.Response.make(200, body, {"content-type": "application/json"}))
    assert text_of(flow) == body


def test_garde_ia_own_notices_are_not_rewritten(pipeline: Pipeline) -> None:
    flow = pipeline.send(request_flow(CHAT, prompt(f"{NAME} est séropositive.")))
    before = response_of(flow).content
    pipeline.answer(flow, response_of(flow))
    assert response_of(flow).content == before


def test_usage_records_hold_facts_and_never_content(
    pipeline: Pipeline, sink: RecordingSink
) -> None:
    flow = pipeline.send(request_flow(CHAT, prompt(f"Écris à {NAME}, 12 rue des Lilas.")))
    answer = json.dumps({"choices": [{"message": {"content": "Bonjour [PERSONNE_1]."}}]})
    pipeline.answer(flow, http.Response.make(200, answer, {"content-type": "application/json"}))
    blocked = pipeline.send(request_flow(CHAT, prompt(f"{NAME} est séropositive.")))
    pipeline.answer(blocked, response_of(blocked))
    ok, stopped = sink.records
    assert (ok.tool_id, ok.host, ok.endpoint_kind, ok.action, ok.model, ok.provider) == (
        "openai_api",
        "api.openai.com",
        "prompt",
        "pseudonymize",
        "gpt-4o-mini",
        "openai",
    )
    assert ok.rule_ids == ("anonymisation",) and ok.entity_counts == {"PERSONNE": 1}
    assert ok.request_bytes == len(prompt(f"Écris à {NAME}, 12 rue des Lilas."))
    raw = response_of(flow).raw_content
    assert raw is not None and ok.response_bytes == len(raw)
    assert (stopped.action, stopped.rule_ids, stopped.categories) == (
        "block",
        ("donnees-sensibles",),
        ("sante",),
    )
    for record in sink.records:
        written = json.dumps(dataclasses.asdict(record), default=str)
        for secret in ("Jean", "Dupont", "Lilas", "séropositive", "PERSONNE_1"):
            assert secret not in written


def test_usage_record_on_a_failed_request(pipeline: Pipeline, sink: RecordingSink) -> None:
    from mitmproxy.flow import Error

    flow = pipeline.send(request_flow(CHAT, prompt("Bonjour")))
    flow.error = Error("connection refused")
    pipeline.fail(flow)
    [record] = sink.records
    assert record.action == "allow" and record.response_bytes is None


def test_no_usage_record_for_pages_and_uncatalogued_hosts(
    pipeline: Pipeline, sink: RecordingSink
) -> None:
    page = pipeline.send(request_flow("https://chatgpt.com/", method="GET"))
    other = pipeline.send(request_flow("https://example.org/v1/chat/completions", prompt(NAME)))
    for flow in (page, other):
        pipeline.answer(flow, http.Response.make(200, b"ok"))
    assert sink.records == [] and record_for(page) is None and state_of(other) is None
