"""Issue 11, family 3: the tool is decided from the name the client talks to (SNI, then Host).

A CONNECT target, an SNI and a Host header that disagree on a catalogued name are blocked (421);
case and trailing dots are normalized everywhere, including the interception patterns.
"""

import json
import re
from collections.abc import Iterator

import pytest
from mitmproxy import http

from addons.state import state_of
from proxy.config.catalog import load_catalog
from tests.support.fakes import NAME, make_context
from tests.support.pipeline import (
    Pipeline,
    content_of,
    known_state,
    request_flow,
    response_of,
    websocket_flow,
)

BODY = json.dumps(
    {"model": "m", "messages": [{"role": "user", "content": f"Écris à {NAME}."}]}
).encode()


@pytest.fixture
def pipeline() -> Iterator[Pipeline]:
    with Pipeline(make_context()) as p:
        yield p


def flow_to(target: str, sni: str | None, host_header: str | None = None) -> http.HTTPFlow:
    flow = request_flow(f"https://{target}/v1/chat/completions", BODY)
    flow.client_conn.sni = sni
    if host_header is not None:
        flow.request.headers["host"] = host_header
    return flow


@pytest.mark.parametrize(
    ("target", "sni", "host_header"),
    [
        ("192.0.2.1", "api.openai.com", None),  # CONNECT to an IP, TLS to the tool
        ("localhost", "api.openai.com", "api.openai.com"),
        ("example.org", "api.openai.com", None),
        ("api.openai.com", "example.org", None),  # SNI elsewhere, target catalogued
        ("api.openai.com", "api.openai.com", "example.org"),  # Host header elsewhere
        ("api.openai.com", "api.openai.com", "api.anthropic.com"),  # two tools
    ],
)
def test_names_that_disagree_on_a_catalogued_tool_are_blocked(
    pipeline: Pipeline, target: str, sni: str, host_header: str
) -> None:
    flow = pipeline.send(flow_to(target, sni, host_header))
    assert flow.response is not None and response_of(flow).status_code == 421
    assert response_of(flow).headers["x-garde-ia"] == "blocked"
    state = state_of(flow)
    assert state is not None and state.status == "blocked" and state.problem == "host_mismatch"


@pytest.mark.parametrize(
    ("target", "sni", "host_header"),
    [
        ("api.openai.com", "API.OpenAI.com.", None),
        ("api.openai.com.", "api.openai.com", "Api.OpenAI.com:443"),
        ("api.openai.com", None, "api.openai.com."),
    ],
)
def test_case_trailing_dots_and_ports_are_not_a_mismatch(
    pipeline: Pipeline, target: str, sni: str, host_header: str
) -> None:
    flow = pipeline.send(flow_to(target, sni, host_header))
    state = state_of(flow)
    assert (
        state is not None and state.match.tool.id == "openai_api" and state.host == "api.openai.com"
    )
    assert flow.response is None and b"[PERSONNE_1]" in content_of(flow.request)


def test_the_tool_is_decided_from_the_sni(pipeline: Pipeline) -> None:
    flow = pipeline.send(flow_to("api.openai.com", "api.openai.com"))
    assert known_state(flow).match.tool.id == "openai_api"


def test_uncatalogued_names_that_disagree_are_left_alone(pipeline: Pipeline) -> None:
    flow = pipeline.send(flow_to("a.example.org", "b.example.org"))
    assert state_of(flow) is None and flow.response is None


def test_a_websocket_to_another_name_than_its_sni_is_refused(pipeline: Pipeline) -> None:
    flow = websocket_flow("https://192.0.2.1/c/api/chat")
    flow.client_conn.sni = "copilot.microsoft.com"
    pipeline.send(flow)
    assert flow.response is not None and response_of(flow).status_code == 421


@pytest.mark.parametrize(
    "name", ["api.openai.com.:443", "API.OPENAI.COM:443", "x.openai.azure.com.:443"]
)
def test_interception_patterns_accept_trailing_dots_and_any_case(name: str) -> None:
    patterns = load_catalog().allow_hosts()
    assert any(re.search(p, name, re.IGNORECASE) for p in patterns)


def test_in_a_capture_mode_the_destination_address_is_not_a_name(pipeline: Pipeline) -> None:
    from mitmproxy.proxy import mode_specs

    flow = flow_to("192.0.2.1", "api.openai.com")
    flow.client_conn.proxy_mode = mode_specs.ProxyMode.parse("transparent")
    flow.request.headers["host"] = "api.openai.com"
    pipeline.send(flow)
    state = state_of(flow)
    assert state is not None and state.match.tool.id == "openai_api" and state.problem is None
    assert flow.response is None and b"[PERSONNE_1]" in content_of(flow.request)
