"""The answer's size reaches the usage record (for the footprint), through mitmproxy's addon manager."""

import dataclasses
import json
from collections.abc import Iterator

import pytest
from mitmproxy import http

from proxy.config.catalog import load_catalog
from proxy.inspection.formats.answer_size import StreamMeter
from tests.support.fakes import NAME, RecordingSink, make_context
from tests.support.pipeline import (
    HttpResponseHeadersHook,
    HttpResponseHook,
    Pipeline,
    request_flow,
    response_of,
)

CHAT = "https://api.openai.com/v1/chat/completions"
TEXT = "Voici une proposition de courrier pour [PERSONNE_1], avec nos remerciements."


def prompt(text: str, stream: bool = False) -> bytes:
    return json.dumps(
        {"model": "gpt-4o-mini", "stream": stream, "messages": [{"role": "user", "content": text}]},
        ensure_ascii=False,
    ).encode()


def sse(text: str, usage: int | None = None) -> list[bytes]:
    events: list[dict[str, object]] = [
        {"choices": [{"index": 0, "delta": {"content": text[i : i + 4]}}]}
        for i in range(0, len(text), 4)
    ]
    if usage is not None:
        events.append({"choices": [], "usage": {"completion_tokens": usage}})
    return [f"data: {json.dumps(e)}\n\n".encode() for e in events] + [b"data: [DONE]\n\n"]


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
def pipeline(sink: RecordingSink) -> Iterator[Pipeline]:
    with Pipeline(make_context(sink=sink)) as p:
        yield p


def stream_answer(pipeline: Pipeline, flow: http.HTTPFlow, chunks: list[bytes]) -> bytes:
    flow.response = http.Response.make(200, b"", {"content-type": "text/event-stream"})
    pipeline.run(HttpResponseHeadersHook(flow))
    stream = response_of(flow).stream
    assert callable(stream)
    results = [stream(chunk) for chunk in [*chunks, b""]]
    out = b"".join(result if isinstance(result, bytes) else b"".join(result) for result in results)
    pipeline.run(HttpResponseHook(flow))  # mitmproxy calls it once the streamed answer has ended
    return out


def test_whole_json_answer_gives_its_text_length_and_token_count(
    pipeline: Pipeline, sink: RecordingSink
) -> None:
    flow = pipeline.send(request_flow(CHAT, prompt(f"Écris à {NAME}.")))
    answer = {
        "model": "gpt-4o-mini",
        "choices": [{"message": {"role": "assistant", "content": TEXT}}],
        "usage": {"prompt_tokens": 30, "completion_tokens": 17},
    }
    pipeline.answer(
        flow, http.Response.make(200, json.dumps(answer), {"content-type": "application/json"})
    )
    assert NAME in response_of(flow).json()["choices"][0]["message"]["content"]  # still restored
    [record] = sink.records
    assert (record.output_chars, record.output_tokens, record.provider) == (len(TEXT), 17, "openai")


def test_streamed_answer_through_a_restorer_counts_the_deltas(
    pipeline: Pipeline, sink: RecordingSink
) -> None:
    flow = pipeline.send(request_flow(CHAT, prompt(f"Écris à {NAME}.", stream=True)))
    out = stream_answer(pipeline, flow, sse(TEXT, usage=17))
    assert NAME.encode() in out
    [record] = sink.records
    assert (record.output_chars, record.output_tokens) == (len(TEXT), 17)


def test_streamed_answer_without_placeholders_is_counted_on_the_side_and_passed_untouched(
    pipeline: Pipeline, sink: RecordingSink
) -> None:
    flow = pipeline.send(request_flow(CHAT, prompt("Quelle heure est-il ?", stream=True)))
    chunks = sse("Il est midi.")
    out = stream_answer(pipeline, flow, chunks)
    assert out == b"".join(chunks) and isinstance(response_of(flow).stream, StreamMeter)
    [record] = sink.records
    assert (record.output_chars, record.output_tokens) == (len("Il est midi."), None)


def test_blocked_prompt_and_error_answers_have_no_size(
    pipeline: Pipeline, sink: RecordingSink
) -> None:
    blocked = pipeline.send(request_flow(CHAT, prompt(f"{NAME} est séropositive.")))
    pipeline.answer(blocked, response_of(blocked))
    failed = pipeline.send(request_flow(CHAT, prompt("Bonjour")))
    error = {"error": {"message": "Rate limit reached for gpt-4o-mini", "type": "requests"}}
    pipeline.answer(
        failed, http.Response.make(429, json.dumps(error), {"content-type": "application/json"})
    )
    assert [(r.action, r.output_chars, r.output_tokens) for r in sink.records] == [
        ("block", None, None),
        ("allow", None, None),
    ]


def test_the_record_holds_the_size_and_never_the_answer_text(
    pipeline: Pipeline, sink: RecordingSink
) -> None:
    flow = pipeline.send(request_flow(CHAT, prompt(f"Écris à {NAME}.", stream=True)))
    stream_answer(pipeline, flow, sse("Cher Jean Dupont, merci pour le don de la Fondation Lilas."))
    written = json.dumps(dataclasses.asdict(sink.records[0]), default=str)
    for secret in ("Jean", "Dupont", "Lilas", "Fondation", "merci"):
        assert secret not in written


def test_catalogued_tools_name_the_provider_ecologits_knows() -> None:
    catalog = load_catalog()
    expected = {
        "chatgpt": "openai",
        "azure_openai": "openai",
        "le_chat": "mistralai",
        "claude": "anthropic",
        "ai_studio": "google_genai",
        "notebooklm": "google_genai",
        "huggingchat": "huggingface_hub",
        "cohere_api": "cohere",
        "openrouter": None,
        "poe": None,
        "deepseek_api": None,
    }
    assert {tool_id: catalog.get(tool_id).ecologits_provider for tool_id in expected} == expected
