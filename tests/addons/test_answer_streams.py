"""AnswerRestorer on streams: Gemini web frames restored and streamed; a restore failure loses no text."""

import json
import logging
from collections.abc import Iterable, Iterator
from urllib.parse import urlencode

import pytest
from mitmproxy import http

from proxy.inspection.formats.answers import EventRestorer
from tests.support.fakes import NAME, make_context
from tests.support.paths import DATA
from tests.support.pipeline import (
    HttpResponseHeadersHook,
    Pipeline,
    content_of,
    request_flow,
    stream_of,
)

GEMINI = (
    "https://gemini.google.com/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate"
    "?bl=boq_assistant-bard-web-server_20260401&_reqid=100001&rt=c"
)
CHAT = "https://api.openai.com/v1/chat/completions"
GEMINI_ANSWER = (DATA / "answers" / "gemini_web.txt").read_bytes()


@pytest.fixture
def pipeline() -> Iterator[Pipeline]:
    with Pipeline(make_context()) as p:
        yield p


def gemini_prompt(text: str) -> bytes:
    inner = [[text, 0, None, None, None, None, 0], ["fr"], ["c_51e2", "r_a9c4", "rc_7f3a"]]
    return urlencode(
        {"at": "token", "f.req": json.dumps([None, json.dumps(inner, ensure_ascii=False)])}
    ).encode()


def streamed(pipeline: Pipeline, flow: http.HTTPFlow, content_type: str) -> http.Response:
    flow.response = http.Response.make(200, b"", {"content-type": content_type})
    pipeline.run(HttpResponseHeadersHook(flow))
    return flow.response


def sent(result: bytes | Iterable[bytes]) -> bytes:
    """What mitmproxy sends the browser for one call of ``response.stream``."""
    return result if isinstance(result, bytes) else b"".join(result)


def sse(delta: str) -> bytes:
    return (
        f"data: {json.dumps({'choices': [{'index': 0, 'delta': {'content': delta}}]})}\n\n".encode()
    )


def deltas(raw: bytes) -> list[str]:
    events = [e for e in raw.decode("utf-8", "replace").split("\n\n") if e.startswith("data: {")]
    return [json.loads(e[6:])["choices"][0]["delta"]["content"] for e in events]


def test_gemini_answer_is_streamed_frame_by_frame_with_names_restored(pipeline: Pipeline) -> None:
    flow = pipeline.send(
        request_flow(
            GEMINI,
            gemini_prompt(f"Écris un mot pour {NAME}."),
            **{"content-type": "application/x-www-form-urlencoded;charset=utf-8"},
        )
    )
    assert b"Dupont" not in content_of(flow.request) and b"PERSONNE_1" in content_of(flow.request)
    response = streamed(pipeline, flow, "application/json; charset=utf-8")
    out = [
        sent(stream_of(response)(GEMINI_ANSWER[i : i + 50]))
        for i in range(0, len(GEMINI_ANSWER), 50)
    ]
    out.append(sent(stream_of(response)(b"")))
    assert out[0] == b")]}'\n\n"  # the first byte leaves at once
    text = b"".join(out).decode()
    assert "Jean Dupont" in text and "[PERSONNE_1]" not in text
    assert "[EMAIL_1]" in text  # never issued by this conversation's vault: left as it is


def test_gemini_answer_without_placeholders_still_streams(pipeline: Pipeline) -> None:
    flow = pipeline.send(
        request_flow(
            GEMINI,
            gemini_prompt("Quelle heure est-il ?"),
            **{"content-type": "application/x-www-form-urlencoded;charset=utf-8"},
        )
    )
    assert (
        streamed(pipeline, flow, "application/json; charset=utf-8").stream is True
    )  # not buffered whole


def test_an_incomplete_unit_sends_no_empty_chunk(pipeline: Pipeline) -> None:
    """An empty chunk would end an HTTP/1.1 chunked answer for the browser: nothing is sent instead."""
    flow = pipeline.send(
        request_flow(
            CHAT,
            json.dumps(
                {
                    "model": "m",
                    "stream": True,
                    "messages": [{"role": "user", "content": f"Écris à {NAME}."}],
                }
            ).encode(),
        )
    )
    response = streamed(pipeline, flow, "text/event-stream")
    event = sse("Bonjour [PERSONNE_1].")
    assert stream_of(response)(event[:10]) == []
    assert deltas(sent(stream_of(response)(event[10:]))) == [f"Bonjour {NAME}."]
    assert stream_of(response)(b"") == b""  # the end of the answer, as mitmproxy expects it


def break_the_restorer(monkeypatch: pytest.MonkeyPatch) -> None:
    def event(self: EventRestorer, value: object) -> object:
        raise RuntimeError("simulated restore bug")

    monkeypatch.setattr(EventRestorer, "event", event)


@pytest.mark.parametrize("fault", ["invalid-utf8", "restorer-bug"])
def test_a_failure_mid_stream_releases_the_held_text_then_passes_through(
    pipeline: Pipeline,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    flow = pipeline.send(
        request_flow(
            CHAT,
            json.dumps(
                {
                    "model": "m",
                    "stream": True,
                    "messages": [{"role": "user", "content": f"Écris à {NAME}."}],
                }
            ).encode(),
        )
    )
    response = streamed(pipeline, flow, "text/event-stream")
    first = stream_of(response)(sse("Bonjour [PERS"))
    assert isinstance(first, bytes)
    assert deltas(first) == ["Bonjour "]  # "[PERS" held back: it may become a placeholder
    if fault == "restorer-bug":
        break_the_restorer(monkeypatch)
        broken = sse("ONNE_1] !")
    else:
        broken = sse("ONNE_1] !").replace(b"!", b"\xff!")
    with caplog.at_level(logging.ERROR, logger="addons.answers"):
        second = stream_of(response)(broken)
    assert isinstance(second, bytes)
    later = sse("Au revoir [PERSONNE_1].")
    assert (
        stream_of(response)(later) == later and stream_of(response)(b"") == b""
    )  # passed through from now on
    assert second.endswith(broken)  # this chunk, as it came
    assert deltas(second[: -len(broken)]) == [
        "[PERS"
    ]  # the held text, released as it was: nothing lost
    assert "Restauration interrompue pour openai_api (" in caplog.text
    assert "Dupont" not in caplog.text and "PERS" not in caplog.text


def test_events_restored_before_the_failure_in_the_same_chunk_are_sent(pipeline: Pipeline) -> None:
    flow = pipeline.send(
        request_flow(
            CHAT,
            json.dumps(
                {
                    "model": "m",
                    "stream": True,
                    "messages": [{"role": "user", "content": f"Écris à {NAME}."}],
                }
            ).encode(),
        )
    )
    response = streamed(pipeline, flow, "text/event-stream")
    broken = b'data: {"choices": [{"index": 0, "delta": {"content": "\xff"}}]}\n\n'
    out = stream_of(response)(sse("Bonjour [PERSONNE_1], ") + broken + sse("merci."))
    assert isinstance(out, bytes)
    assert deltas(out)[0] == f"Bonjour {NAME}, " and out.endswith(broken + sse("merci."))


def test_a_gemini_failure_mid_stream_keeps_the_frames_already_restored(pipeline: Pipeline) -> None:
    flow = pipeline.send(
        request_flow(
            GEMINI,
            gemini_prompt(f"Écris un mot pour {NAME}."),
            **{"content-type": "application/x-www-form-urlencoded;charset=utf-8"},
        )
    )
    response = streamed(pipeline, flow, "application/json; charset=utf-8")
    cut = GEMINI_ANSWER.index(b"\n275\n") + 1
    broken = (
        GEMINI_ANSWER[cut : cut + 30] + b"\xff"
    )  # the frame fails once its last byte has arrived
    rest = GEMINI_ANSWER[cut + 30 :]
    restored = stream_of(response)(GEMINI_ANSWER[:cut] + broken)
    assert isinstance(restored, bytes)
    assert "Jean Dupont" in restored.decode() and restored.endswith(b"\n")
    assert stream_of(response)(rest) == broken + rest  # the frame held, then the rest, as they came
    assert stream_of(response)(b"") == b""
