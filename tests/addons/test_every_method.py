"""Issue 11, family 1: every request to a catalogued host with a body or a query string is read.

Whatever the method (GET, DELETE, QUERY with a body), a query string (``chatgpt.com/?q=…``), an
HTTP/2-style request that announced no length; WebSocket only for a GET upgrade; the endpoints of
tools whose other writes pass are matched on normalized paths (trailing ``/``, ``//``, case).
"""

import json
from collections.abc import Iterator

import pytest
from mitmproxy import http

from addons.state import state_of
from tests.support.fakes import NAME, make_context
from tests.support.pipeline import Pipeline, content_of, request_flow, response_of

CHAT = "https://api.openai.com/v1/chat/completions"


def chat_body(text: str) -> bytes:
    return json.dumps(
        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]},
        ensure_ascii=False,
    ).encode()


def blocked(flow: http.HTTPFlow) -> bool:
    return flow.response is not None and response_of(flow).headers.get("x-garde-ia") == "blocked"


def sent(flow: http.HTTPFlow) -> bytes:
    """What would leave: nothing when garde-ia answered, else the request line and body."""
    if flow.response is not None:
        return b""
    return flow.request.path.encode() + b"\n" + (content_of(flow.request) or b"")


@pytest.fixture
def pipeline() -> Iterator[Pipeline]:
    with Pipeline(make_context()) as p:
        yield p


@pytest.mark.parametrize("method", ["GET", "DELETE", "QUERY", "OPTIONS", "PROPFIND"])
def test_a_body_is_read_whatever_the_method(pipeline: Pipeline, method: str) -> None:
    flow = pipeline.send(request_flow(CHAT, chat_body(f"Écris à {NAME}."), method=method))
    assert NAME.encode() not in sent(flow)
    assert b"[PERSONNE_1]" in sent(flow)


@pytest.mark.parametrize("method", ["GET", "DELETE", "QUERY"])
def test_a_sensitive_body_is_blocked_whatever_the_method(pipeline: Pipeline, method: str) -> None:
    flow = pipeline.send(request_flow(CHAT, chat_body(f"{NAME} est séropositive."), method=method))
    assert blocked(flow)


def test_a_body_on_an_unlisted_path_of_a_scanned_host_is_read(pipeline: Pipeline) -> None:
    body = json.dumps({"note": f"{NAME} est séropositive."}).encode()
    flow = pipeline.send(
        request_flow("https://chatgpt.com/backend-api/anything", body, method="DELETE")
    )
    assert blocked(flow)


@pytest.mark.parametrize(
    "url",
    [
        "https://chatgpt.com/?q=Jean+Dupont+est+s%C3%A9ropositive",
        "https://chatgpt.com/search?hints=x&q=Jean%20Dupont%20est%20s%C3%A9ropositive",
        "https://www.perplexity.ai/search/new?q=Jean+Dupont+est+s%C3%A9ropositive",
    ],
)
def test_a_query_string_is_read(pipeline: Pipeline, url: str) -> None:
    flow = pipeline.send(request_flow(url, method="GET"))
    assert blocked(flow)


def test_a_query_string_is_pseudonymized_in_place(pipeline: Pipeline) -> None:
    flow = pipeline.send(
        request_flow(
            "https://chatgpt.com/?model=auto&q=%C3%89cris+%C3%A0+Jean+Dupont&hints", method="GET"
        )
    )
    assert flow.response is None
    assert "Dupont" not in flow.request.path and "Jean" not in flow.request.path
    assert flow.request.path.startswith("/?model=auto&q=") and flow.request.path.endswith("&hints")
    assert "PERSONNE_1" in flow.request.path


def test_a_query_string_that_is_not_utf8_is_blocked(pipeline: Pipeline) -> None:
    flow = pipeline.send(request_flow("https://chatgpt.com/?q=%FF%FE", method="GET"))
    assert blocked(flow)


def test_a_plain_page_load_is_not_checked(pipeline: Pipeline) -> None:
    flow = pipeline.send(request_flow("https://chatgpt.com/", method="GET"))
    state = state_of(flow)
    assert flow.response is None and state is not None and state.status == "cleared"
    assert state.match.format == "none"


def test_a_body_announced_by_no_header_is_still_read(pipeline: Pipeline) -> None:
    """HTTP/2: no Content-Length; the body is known only after ``requestheaders``."""
    flow = request_flow(CHAT, chat_body(f"{NAME} est séropositive."), method="GET")
    del flow.request.headers["content-length"]
    pipeline.send(flow)
    assert blocked(flow)


def test_a_post_with_an_upgrade_header_is_not_a_websocket(pipeline: Pipeline) -> None:
    flow = request_flow(
        CHAT, chat_body(f"{NAME} est séropositive."), upgrade="websocket", connection="upgrade"
    )
    pipeline.send(flow)
    assert blocked(flow)


@pytest.mark.parametrize(
    "path",
    [
        "/chat/conversation/abc",
        "/chat/conversation/abc/",
        "//chat//conversation/abc",
        "/Chat/Conversation/abc",
        "/chat/%63onversation/abc",
    ],
)
def test_passing_hosts_match_their_prompt_endpoint_on_a_normalized_path(
    pipeline: Pipeline, path: str
) -> None:
    boundary = "XyZ"
    data = json.dumps({"inputs": f"{NAME} est séropositive."}, ensure_ascii=False)
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\n{data}\r\n--{boundary}--\r\n'
    ).encode()
    flow = request_flow(
        f"https://huggingface.co{path}",
        body,
        **{"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    pipeline.send(flow)
    state = state_of(flow)
    assert state is not None and state.match.kind == "prompt"
    assert blocked(flow)


@pytest.mark.parametrize("host", ["API.OPENAI.COM", "api.openai.com.", "Api.OpenAI.com."])
def test_host_case_and_trailing_dots_are_normalized(pipeline: Pipeline, host: str) -> None:
    flow = pipeline.send(
        request_flow(f"https://{host}/v1/chat/completions", chat_body(f"{NAME} est séropositive."))
    )
    assert blocked(flow)


def test_a_clean_query_string_leaves_no_usage_record() -> None:
    from tests.support.fakes import RecordingSink

    sink = RecordingSink()
    with Pipeline(make_context(sink=sink)) as p:
        clean = p.send(request_flow("https://chatgpt.com/c/abc?model=auto", method="GET"))
        p.answer(clean, http.Response.make(200, b"<html></html>", {"content-type": "text/html"}))
        sensitive = p.send(
            request_flow("https://chatgpt.com/?q=Jean+Dupont+est+s%C3%A9ropositive", method="GET")
        )
        assert blocked(sensitive)
        p.answer(sensitive, response_of(sensitive))  # garde-ia's own answer goes out
    assert response_of(clean).status_code == 200
    assert [(r.endpoint_kind, r.action) for r in sink.records] == [("other", "block")]
