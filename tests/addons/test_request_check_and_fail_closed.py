"""RequestCheck and FailClosed: the deny-by-default answer is lifted only after a successful check."""

import json

import pytest
from mitmproxy import http

from addons.fail_closed import CLEARED_MESSAGES
from addons.state import KEY, FlowState, state_of
from proxy.config.catalog import load_catalog
from tests.support.fakes import NAME, FakeChecker, make_context
from tests.support.pipeline import (
    HttpRequestHeadersHook,
    HttpRequestHook,
    Opcode,
    Pipeline,
    WebSocketMessage,
    WebsocketMessageHook,
    content_of,
    known_state,
    request_flow,
    response_of,
    websocket_flow,
    websocket_of,
)

CHAT = "https://api.openai.com/v1/chat/completions"


def chat_body(text: str) -> bytes:
    return json.dumps(
        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]},
        ensure_ascii=False,
    ).encode()


def blocked(flow: http.HTTPFlow) -> bool:
    return flow.response is not None and response_of(flow).headers.get("x-garde-ia") == "blocked"


def test_allowed_prompt_is_cleared_and_sent_unchanged() -> None:
    body = chat_body("Quelle heure est-il ?")
    with Pipeline(make_context()) as pipeline:
        flow = pipeline.send(request_flow(CHAT, body))
    state = state_of(flow)
    assert state is not None and state.status == "cleared" and state.action == "allow"
    assert flow.response is None and content_of(flow.request) == body
    assert state.model == "gpt-4o-mini" and state.request_bytes == len(body)


def test_pseudonymized_prompt_is_rewritten_in_place() -> None:
    with Pipeline(make_context()) as pipeline:
        flow = pipeline.send(request_flow(CHAT, chat_body(f"Écris à {NAME}.")))
    state = state_of(flow)
    assert state is not None and state.status == "cleared" and state.action == "pseudonymize"
    sent = json.loads(content_of(flow.request))
    assert (
        sent["messages"][0]["content"] == "Écris à [PERSONNE_1]." and sent["model"] == "gpt-4o-mini"
    )
    assert flow.request.headers["content-length"] == str(len(content_of(flow.request)))
    assert state.rule_ids == ("anonymisation",) and state.entity_counts == {"PERSONNE": 1}


def test_sensitive_prompt_is_answered_in_the_apis_error_format_without_the_data() -> None:
    with Pipeline(make_context()) as pipeline:
        flow = pipeline.send(request_flow(CHAT, chat_body(f"{NAME} est séropositive.")))
    assert blocked(flow) and response_of(flow).status_code == 403
    message = response_of(flow).json()["error"]["message"]
    assert "Pas de données sensibles sur une personne" in message
    assert "Dupont" not in message and "séropositive" not in message
    assert known_state(flow).action == "block" and known_state(flow).status == "blocked"


@pytest.mark.parametrize(
    ("body", "headers", "problem"),
    [
        (b'{"messages": [{"role": "user", "content": "Jean', {}, "malformed_json"),
        (b'{"messages": [{"role": "user", "content": "Jean \xff"}]}', {}, "invalid_utf8"),
        (chat_body("Bonjour"), {"content-encoding": "x-custom"}, "bad_encoding"),
    ],
    ids=["malformed-json", "invalid-utf8", "unknown-encoding"],
)
def test_unreadable_payloads_stay_blocked(
    body: bytes, headers: dict[str, str], problem: str
) -> None:
    checker = FakeChecker()
    with Pipeline(make_context(checker)) as pipeline:
        flow = pipeline.send(request_flow(CHAT, body, **headers))
    assert blocked(flow) and known_state(flow).problem == problem
    assert checker.calls == []


def test_a_crashing_detector_keeps_the_request_blocked() -> None:
    with Pipeline(make_context(FakeChecker(fault="raise"))) as pipeline:
        flow = pipeline.send(request_flow(CHAT, chat_body(f"Écris à {NAME}.")))
    assert (
        blocked(flow)
        and known_state(flow).status == "blocked"
        and known_state(flow).problem == "RuntimeError"
    )


def test_pseudonymization_on_a_tool_that_cannot_be_rewritten_blocks() -> None:
    body = json.dumps(
        {
            "queryName": "sendMessageMutation",
            "variables": {"query": f"Écris à {NAME}.", "chatId": 1, "bot": "x"},
        }
    )
    with Pipeline(make_context()) as pipeline:
        flow = pipeline.send(request_flow("https://poe.com/api/gql_POST", body.encode()))
    assert blocked(flow) and NAME.encode() in content_of(
        flow.request
    )  # the original was not sent: answered here


def test_when_the_charter_hook_itself_fails_the_routers_answer_stays() -> None:
    async def broken(_flow: http.HTTPFlow) -> None:
        raise RuntimeError("simulated addon bug")  # mitmproxy logs it and carries on (fail open)

    with Pipeline(make_context()) as pipeline:
        pipeline.charter.request = broken  # type: ignore[method-assign,assignment]  # the hook broken on purpose
        flow = pipeline.send(request_flow(CHAT, chat_body(f"Écris à {NAME}.")))
    assert blocked(flow) and response_of(flow).status_code == 503
    assert known_state(flow).status == "pending"


def test_gate_blocks_a_pending_payload_even_without_the_charter_addon() -> None:
    with Pipeline(make_context()) as pipeline:
        flow = request_flow(CHAT, chat_body("Bonjour"))
        pipeline.run(HttpRequestHeadersHook(flow), [pipeline.router])
        flow.response = None  # as if an addon removed the deny answer without clearing the flow
        pipeline.run(HttpRequestHook(flow), [pipeline.gate])
    assert blocked(flow) and response_of(flow).status_code == 503


def test_gate_classifies_and_denies_when_the_router_did_not_run() -> None:
    with Pipeline(make_context()) as pipeline:
        flow = request_flow(CHAT, chat_body("Bonjour"))
        pipeline.gate.requestheaders(flow)
    assert state_of(flow) is not None and blocked(flow)


def test_gate_leaves_cleared_flows_and_uncatalogued_hosts_alone() -> None:
    with Pipeline(make_context()) as pipeline:
        cleared = pipeline.send(request_flow(CHAT, chat_body("Bonjour")))
        other = request_flow(
            "https://example.org/v1/chat/completions", chat_body(f"Écris à {NAME}.")
        )
        pipeline.gate.requestheaders(other)
        pipeline.gate.request(other)
    assert cleared.response is None and other.response is None and KEY not in other.metadata


def test_gate_drops_an_uncleared_client_message_and_keeps_cleared_ones() -> None:
    match = load_catalog().match("copilot.microsoft.com", "/c/api/chat", "GET", websocket=True)
    assert match is not None
    with Pipeline(make_context()) as pipeline:
        flow = websocket_flow("https://copilot.microsoft.com/c/api/chat")
        flow.metadata[KEY] = FlowState(match, "copilot.microsoft.com", status="cleared")
        unchecked = WebSocketMessage(Opcode.TEXT, True, b'{"event": "send"}')
        websocket_of(flow).messages.append(unchecked)
        pipeline.run(WebsocketMessageHook(flow), [pipeline.gate])
        checked = WebSocketMessage(Opcode.TEXT, True, b'{"event": "send"}')
        websocket_of(flow).messages.append(checked)
        flow.metadata[CLEARED_MESSAGES] = {id(checked)}
        pipeline.run(WebsocketMessageHook(flow), [pipeline.gate])
        answer = WebSocketMessage(Opcode.TEXT, False, b'{"event": "appendText"}')
        websocket_of(flow).messages.append(answer)
        pipeline.run(WebsocketMessageHook(flow), [pipeline.gate])
    assert unchecked.dropped and not checked.dropped and not answer.dropped
