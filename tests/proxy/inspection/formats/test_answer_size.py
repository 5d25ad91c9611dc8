"""Answer size for the footprint: text lengths and the API's token counts, never the framing, never text."""

import gzip
import json
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anonymizer.vault import Vault
from proxy.inspection.formats.answer_size import AnswerMeter, StreamMeter, stream_meter_for
from proxy.inspection.formats.answers import stream_restorer_for

ANSWER = (
    "Bonjour Jean, voici le courrier demandé : « Merci pour votre aide précieuse ». Bien à vous."
)


def openai_sse(text: str, size: int = 3, usage: int | None = None) -> bytes:
    events: list[dict[str, Any]] = [
        {"choices": [{"index": 0, "delta": {"content": text[i : i + size]}}]}
        for i in range(0, len(text), size)
    ]
    if usage is not None:
        events.append(
            {
                "choices": [],
                "usage": {
                    "prompt_tokens": 9,
                    "completion_tokens": usage,
                    "total_tokens": 9 + usage,
                },
            }
        )
    return (
        b"".join(f"data: {json.dumps(e, ensure_ascii=False)}\r\n\r\n".encode() for e in events)
        + b"data: [DONE]\n\n"
    )


def anthropic_sse(text: str) -> bytes:
    events: list[dict[str, Any]] = [
        {"type": "message_start", "message": {"usage": {"input_tokens": 5, "output_tokens": 1}}},
        *(
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "text_delta", "text": text[i : i + 4]},
            }
            for i in range(0, len(text), 4)
        ),
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn"},
            "usage": {"output_tokens": 23},
        },
        {"type": "message_stop"},
    ]
    return b"".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in events)


def pieces(data: bytes, cuts: list[int]) -> list[bytes]:
    bounds = [0, *sorted({c % (len(data) + 1) for c in cuts}), len(data)]
    return [data[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def run(counter: StreamMeter | None, chunks: list[bytes]) -> list[bytes]:
    assert counter is not None, "no meter for this answer"
    return [counter(chunk) for chunk in [*chunks, b""]]


@pytest.mark.parametrize(
    ("answer", "chars", "tokens"),
    [
        (
            {
                "choices": [{"message": {"role": "assistant", "content": ANSWER}}],
                "model": "gpt-4o-mini",
                "usage": {"prompt_tokens": 12, "completion_tokens": 21},
            },
            len(ANSWER),
            21,
        ),
        (
            {
                "content": [{"type": "text", "text": ANSWER}, {"type": "text", "text": "Fin."}],
                "model": "claude",
                "usage": {"input_tokens": 3, "output_tokens": 25},
            },
            len(ANSWER) + 4,
            25,
        ),
        (
            {
                "candidates": [{"content": {"parts": [{"text": ANSWER}], "role": "model"}}],
                "usageMetadata": {"promptTokenCount": 4, "candidatesTokenCount": 22},
            },
            len(ANSWER),
            22,
        ),
        (
            {
                "output": [
                    {"type": "message", "content": [{"type": "output_text", "text": ANSWER}]}
                ],
                "usage": {"output_tokens": 20},
            },
            len(ANSWER),
            20,
        ),
        (
            {
                "message": {"content": [{"type": "text", "text": ANSWER}]},
                "usage": {"billed_units": {"input_tokens": 3, "output_tokens": 19}},
            },
            len(ANSWER),
            19,
        ),
        ([{"generated_text": ANSWER}], len(ANSWER), None),
    ],
)
def test_whole_answers_count_their_text_fields_and_the_api_token_count(
    answer: dict[str, Any], chars: int | None, tokens: int | None
) -> None:
    meter = AnswerMeter()
    meter.whole(answer)
    assert (meter.chars, meter.tokens) == (chars, tokens)


def test_whole_answer_ignores_ids_roles_model_names_and_other_numbers() -> None:
    meter = AnswerMeter()
    meter.whole(
        {
            "id": "chatcmpl-123456789",
            "model": "gpt-4o-mini",
            "created": 1700000000,
            "object": "chat.completion",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "Oui."},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 99, "total_tokens": 101},
        }
    )
    assert (meter.chars, meter.tokens) == (4, None)


def test_an_answer_without_text_has_no_size() -> None:
    meter = AnswerMeter()
    meter.whole({"error": {"message": "Rate limit reached", "type": "requests", "code": 429}})
    assert (meter.chars, meter.tokens) == (None, None)


@given(st.lists(st.integers(min_value=0, max_value=5000), max_size=12))
def test_sse_count_is_the_same_however_the_stream_is_cut(cuts: list[int]) -> None:
    data = openai_sse(ANSWER, usage=21)
    meter = AnswerMeter()
    out = run(StreamMeter(meter, sse=True), pieces(data, cuts))
    assert b"".join(out) == data  # passed on untouched
    assert (meter.chars, meter.tokens) == (len(ANSWER), 21)


def test_each_chunk_leaves_at_once_and_unchanged() -> None:
    meter = AnswerMeter()
    counter = StreamMeter(meter, sse=True)
    chunks = pieces(openai_sse(ANSWER), [7, 50, 51, 200])
    for chunk in chunks:
        assert counter(chunk) is chunk  # nothing held back, even half an event
    assert counter(b"") == b""


def test_anthropic_stream_keeps_the_final_token_count() -> None:
    meter = AnswerMeter()
    run(StreamMeter(meter, sse=True), pieces(anthropic_sse(ANSWER), [10, 333]))
    assert (meter.chars, meter.tokens) == (len(ANSWER), 23)


def test_ndjson_and_le_chat_line_streams() -> None:
    ollama = (
        b"".join(
            json.dumps(
                {"message": {"role": "assistant", "content": ANSWER[i : i + 5]}, "done": False}
            ).encode()
            + b"\n"
            for i in range(0, len(ANSWER), 5)
        )
        + b'{"done": true, "eval_count": 24}'
    )
    meter = AnswerMeter()
    run(stream_meter_for("application/x-ndjson", "identity", meter), pieces(ollama, [3, 90]))
    assert (meter.chars, meter.tokens) == (len(ANSWER), 24)

    le_chat = b'f:{"messageId":"m1"}\n0:"Bonjour "\n0:"Jean."\n8:["titre de la conversation"]\ne:{"finishReason":"stop"}\n'
    meter = AnswerMeter()
    run(stream_meter_for("text/plain; charset=utf-8", "", meter), pieces(le_chat, [20]))
    assert (meter.chars, meter.tokens) == (len("Bonjour Jean."), None)


@pytest.mark.parametrize("compress", [gzip.compress, zlib.compress])
def test_compressed_streams_are_counted_from_their_decoded_text(
    compress: Callable[[bytes], bytes],
) -> None:
    data = compress(openai_sse(ANSWER))
    meter = AnswerMeter()
    counter = stream_meter_for(
        "text/event-stream", "gzip" if compress is gzip.compress else "deflate", meter
    )
    assert counter is not None
    assert b"".join(run(counter, pieces(data, [5, 40]))) == data
    assert meter.chars == len(ANSWER)


def test_unreadable_streams_are_not_counted() -> None:
    assert stream_meter_for("text/event-stream", "br", AnswerMeter()) is None
    assert stream_meter_for("application/octet-stream", "identity", AnswerMeter()) is None


def test_a_broken_stream_stops_the_counting_never_the_answer() -> None:
    meter = AnswerMeter()
    counter = StreamMeter(meter, sse=True)
    good = openai_sse("Bonjour.")
    bad = b"data: \xff\xfe\n\n"  # not UTF-8
    out = run(counter, [good, bad, openai_sse("Encore du texte.")])
    assert b"".join(out) == good + bad + openai_sse("Encore du texte.")
    assert meter.chars == len("Bonjour.")


def test_an_endless_unit_stops_the_counting() -> None:
    meter = AnswerMeter()
    counter = StreamMeter(meter, sse=False)
    chunk = b"x" * (1 << 19)
    for _ in range(4):
        assert counter(chunk) is chunk
    assert counter(b'\n{"response": "oui"}\n') and meter.chars is None


def test_restorer_streams_count_what_the_tool_sent_before_restoring() -> None:
    vault = Vault()
    placeholder = vault.placeholder_for("PERSONNE", "Jean Dupont")
    text = f"Bonjour {placeholder}, voici votre courrier."
    meter = AnswerMeter()
    restorer = stream_restorer_for("text/event-stream", vault, on_event=meter.event)
    assert restorer is not None
    out = b"".join(
        restorer(chunk) for chunk in [*pieces(openai_sse(text, usage=11), [13, 77, 140]), b""]
    )
    assert b"Jean Dupont" in out
    assert (meter.chars, meter.tokens) == (len(text), 11)


def test_the_meter_holds_numbers_only() -> None:
    meter = AnswerMeter()
    meter.event({"choices": [{"delta": {"content": "Jean Dupont"}}]})
    assert meter.__slots__ == ("chars", "tokens") and not hasattr(meter, "__dict__")
    assert (meter.chars, meter.tokens) == (len("Jean Dupont"), None)
