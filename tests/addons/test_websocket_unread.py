"""Issue 11, families 1 and 6 on WebSockets: frames with unknown fields are read whole; paths in any case."""

import json
from collections.abc import Iterator

import pytest
from mitmproxy import http

from addons.state import state_of
from tests.support.fakes import EMAIL, NAME, make_context
from tests.support.pipeline import Pipeline, response_of, websocket_flow

COPILOT = "https://copilot.microsoft.com/c/api/chat?api-version=2"


@pytest.fixture
def pipeline() -> Iterator[Pipeline]:
    with Pipeline(make_context()) as p:
        yield p


def opened(pipeline: Pipeline, url: str = COPILOT) -> http.HTTPFlow:
    flow = websocket_flow(url)
    pipeline.send(flow)
    return flow


def frame(**extra: object) -> str:
    return json.dumps(
        {
            "event": "send",
            "conversationId": "cv-1",
            "mode": "chat",
            "content": [{"type": "text", "text": "Bonjour"}],
            **extra,
        },
        ensure_ascii=False,
    )


def test_an_unknown_field_of_a_frame_is_pseudonymized(pipeline: Pipeline) -> None:
    flow = opened(pipeline)
    message = pipeline.message(flow, frame(context={"note": f"Écrire à {NAME}", "courriel": EMAIL}))
    assert not message.dropped
    assert NAME not in message.text and EMAIL not in message.text
    assert json.loads(message.text)["context"] == {
        "note": "Écrire à [PERSONNE_1]",
        "courriel": "[EMAIL_1]",
    }


def test_an_unknown_field_with_sensitive_data_drops_the_frame(pipeline: Pipeline) -> None:
    flow = opened(pipeline)
    message = pipeline.message(flow, frame(extra=f"{NAME} est séropositive."))
    assert message.dropped


@pytest.mark.parametrize(
    "path", ["/m365Copilot/Chathub/abc", "/M365COPILOT/CHATHUB/abc", "/m365copilot//chathub/abc/"]
)
def test_m365_paths_in_any_case_are_checked(pipeline: Pipeline, path: str) -> None:
    flow = opened(pipeline, f"https://substrate.office.com{path}")
    state = state_of(flow)
    assert state is not None and state.match.kind == "prompt"
    record = json.dumps(
        {
            "type": 4,
            "target": "chat",
            "arguments": [{"message": {"text": f"{NAME} est séropositive."}}],
        }
    )
    message = pipeline.message(flow, record + "\x1e")
    assert message.dropped


def test_a_handshake_query_string_is_read(pipeline: Pipeline) -> None:
    flow = opened(
        pipeline,
        "https://copilot.microsoft.com/c/api/chat?api-version=2&q=Jean+Dupont+est+s%C3%A9ropositive",
    )
    assert flow.response is not None and response_of(flow).headers["x-garde-ia"] == "blocked"


def test_a_handshake_query_string_is_pseudonymized_and_the_socket_opens(pipeline: Pipeline) -> None:
    flow = opened(
        pipeline, "https://copilot.microsoft.com/c/api/chat?api-version=2&note=Jean+Dupont"
    )
    assert (
        flow.response is None
        and "Dupont" not in flow.request.path
        and "PERSONNE_1" in flow.request.path
    )
    message = pipeline.message(flow, frame())
    assert not message.dropped
