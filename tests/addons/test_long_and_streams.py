"""Issue 11, family 8: a very long message is refused at once; a restored stream loses its stale length."""

import json

from mitmproxy import http

from tests.support.fakes import NAME, FakeChecker, make_context
from tests.support.pipeline import (
    HttpResponseHeadersHook,
    Pipeline,
    request_flow,
    response_of,
    text_of,
)

CHAT = "https://api.openai.com/v1/chat/completions"


def prompt(text: str, stream: bool = False) -> bytes:
    return json.dumps(
        {"model": "gpt-4o-mini", "stream": stream, "messages": [{"role": "user", "content": text}]},
        ensure_ascii=False,
    ).encode()


def test_a_message_longer_than_the_limit_is_refused_before_the_worker() -> None:
    checker = FakeChecker()
    with Pipeline(make_context(checker), garde_max_text_chars=1_000) as pipeline:
        flow = pipeline.send(request_flow(CHAT, prompt("mot " * 1_000)))
        short = pipeline.send(request_flow(CHAT, prompt("Bonjour")))
    assert flow.response is not None and response_of(flow).headers["x-garde-ia"] == "blocked"
    assert "message trop long" in text_of(flow)
    assert checker.calls == [2]  # only the short prompt reached the worker
    assert short.response is None


def test_a_restored_stream_loses_its_stale_content_length() -> None:
    with Pipeline(make_context()) as pipeline:
        flow = pipeline.send(request_flow(CHAT, prompt(f"Écris à {NAME}.", stream=True)))
        flow.response = http.Response.make(
            200, b"", {"content-type": "text/event-stream", "content-length": "120"}
        )
        pipeline.run(HttpResponseHeadersHook(flow))
    assert callable(response_of(flow).stream)
    assert "content-length" not in response_of(flow).headers
    assert response_of(flow).headers["transfer-encoding"] == "chunked"
