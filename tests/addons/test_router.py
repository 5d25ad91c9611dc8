"""ToolRouter: which flows are guarded (anchored host patterns), deny-by-default, tool statuses, options."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from mitmproxy import exceptions, http

from addons.state import state_of
from proxy.config.policy import ToolsPolicy, load_policy
from tests.support.fakes import NAME, FakeChecker, make_context
from tests.support.pipeline import (
    HttpRequestHeadersHook,
    Pipeline,
    content_of,
    known_state,
    request_flow,
    response_of,
    text_of,
    websocket_flow,
)

CHAT = "https://api.openai.com/v1/chat/completions"
BODY = json.dumps(
    {"model": "m", "messages": [{"role": "user", "content": f"Écris à {NAME}."}]}
).encode()


@pytest.fixture
def pipeline() -> Iterator[Pipeline]:
    with Pipeline(make_context()) as p:
        yield p


def classify(pipeline: Pipeline, flow: http.HTTPFlow) -> http.HTTPFlow:
    pipeline.run(HttpRequestHeadersHook(flow), [pipeline.router])
    return flow


def test_prompt_endpoint_is_answered_by_default_until_checked(pipeline: Pipeline) -> None:
    flow = classify(pipeline, request_flow(CHAT, BODY, **{"accept-encoding": "gzip, br"}))
    state = state_of(flow)
    assert state is not None and state.status == "pending"
    assert (state.match.tool.id, state.match.kind, state.match.format) == (
        "openai_api",
        "prompt",
        "openai_chat",
    )
    assert flow.response is not None and response_of(flow).status_code == 503
    assert response_of(flow).headers["x-garde-ia"] == "blocked"
    assert flow.request.stream is False  # buffered: the body cannot stream past the check
    assert (
        flow.request.headers["accept-encoding"] == "identity"
    )  # answers arrive readable for restore


@pytest.mark.parametrize(
    "url",
    [
        "https://api.openai.com.attacker.example/v1/chat/completions",  # catalogued name as a prefix
        "https://evilapi.openai.com/v1/chat/completions",  # as a suffix without a dot
        "https://notchatgpt.com/backend-api/conversation",
        "https://chatgpt.com.example.org/backend-api/conversation",
        "https://example.org/v1/chat/completions",  # a prompt path on an unknown host
    ],
)
def test_hosts_outside_the_catalog_are_left_alone(pipeline: Pipeline, url: str) -> None:
    flow = classify(pipeline, request_flow(url, BODY))
    assert state_of(flow) is None and flow.response is None


def test_subdomain_patterns_are_anchored_on_a_dot() -> None:
    from proxy.config.catalog import load_catalog

    catalog = load_catalog()
    assert (
        catalog.match("myres.openai.azure.com", "/openai/v1/chat/completions", "POST") is not None
    )
    assert catalog.match("myresopenai.azure.com", "/openai/v1/chat/completions", "POST") is None


def test_other_reads_of_a_catalogued_host_pass_without_a_check(pipeline: Pipeline) -> None:
    flow = classify(pipeline, request_flow("https://chatgpt.com/backend-api/models", method="GET"))
    state = state_of(flow)
    assert state is not None and state.status == "cleared" and flow.response is None


def test_unknown_writes_to_a_catalogued_host_go_to_the_generic_check(pipeline: Pipeline) -> None:
    flow = classify(
        pipeline, request_flow("https://chatgpt.com/backend-api/some/new/endpoint", BODY)
    )
    state = state_of(flow)
    assert state is not None and state.match.format == "generic" and state.status == "pending"
    assert flow.response is not None and response_of(flow).status_code == 503


def test_websocket_handshake_is_cleared_its_messages_are_checked_one_by_one(
    pipeline: Pipeline,
) -> None:
    flow = classify(pipeline, websocket_flow("https://copilot.microsoft.com/c/api/chat"))
    state = state_of(flow)
    assert (
        state is not None
        and state.match.transport == "websocket"
        and state.match.format == "copilot_ws"
    )
    assert state.status == "cleared" and flow.response is None
    # With a query string, the handshake waits for the check of its query (issue 11), then opens.
    flow = pipeline.send(websocket_flow("https://copilot.microsoft.com/c/api/chat?api-version=2"))
    assert known_state(flow).status == "cleared" and flow.response is None


def test_a_map_remoted_flow_is_still_guarded_as_the_tool_it_was_sent_to() -> None:
    checker = FakeChecker()
    with Pipeline(
        make_context(checker), map_remote=["|https://api[.]openai[.]com|https://127.0.0.1:9"]
    ) as pipeline:
        flow = pipeline.send(request_flow(CHAT, BODY))
    state = state_of(flow)
    assert flow.request.host == "127.0.0.1" and flow.request.port == 9  # map_remote did apply
    assert (
        state is not None and state.match.tool.id == "openai_api" and state.host == "api.openai.com"
    )
    assert state.status == "cleared" and flow.response is None and checker.calls == [2]
    assert NAME.encode() not in content_of(flow.request) and b"[PERSONNE_1]" in content_of(
        flow.request
    )


def test_a_forbidden_tool_gets_a_page_naming_the_approved_alternatives() -> None:
    policy = load_policy()
    policy = policy.model_copy(
        update={"tools": ToolsPolicy(status={**policy.tools.status, "chatgpt": "forbidden"})}
    )
    checker = FakeChecker()
    with Pipeline(make_context(checker, policy)) as pipeline:
        flow = pipeline.send(
            request_flow("https://chatgpt.com/", method="GET", **{"sec-fetch-dest": "document"})
        )
    assert flow.response is not None and response_of(flow).status_code == 403
    page = text_of(flow)
    assert response_of(flow).headers["content-type"].startswith("text/html")
    assert "ChatGPT" in page and "Le Chat" in page  # Le Chat is approved by default
    assert checker.calls == []


@pytest.mark.parametrize(
    "options", [{"stream_large_bodies": "1k"}, {"garde_max_body": 0}, {"garde_check_timeout": 0}]
)
def test_options_that_would_let_a_body_pass_unchecked_are_refused(
    pipeline: Pipeline, options: dict[str, Any]
) -> None:
    pipeline.tctx.options.add_option(
        "stream_large_bodies", str | None, None, "declared by mitmproxy's proxyserver addon"
    )
    with pytest.raises(exceptions.OptionsError):
        pipeline.tctx.configure(pipeline.router, **options)  # type: ignore[no-untyped-call]  # mitmproxy.test is untyped


def test_sane_options_are_accepted(pipeline: Pipeline) -> None:
    pipeline.tctx.options.add_option(
        "stream_large_bodies", str | None, None, "declared by mitmproxy's proxyserver addon"
    )
    pipeline.tctx.configure(
        pipeline.router, garde_max_body=10, garde_check_timeout=1, stream_large_bodies=None
    )  # type: ignore[no-untyped-call]  # mitmproxy.test is untyped
    assert pipeline.tctx.options.garde_max_body == 10
