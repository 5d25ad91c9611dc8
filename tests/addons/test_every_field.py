"""Issue 11, family 2: after the adapter's known texts, every other string leaf is checked.

Tool-call arguments and tool results, a message's ``name``, ``metadata``/``user``, nested parts,
Anthropic ``tool_use`` input, strings without spaces (an e-mail, an IBAN), URLs' query strings,
``file-`` references, object keys and long numbers.
"""

import json
from typing import Any

import pytest
from mitmproxy import http

from tests.support.fakes import EMAIL, IBAN, NAME, FakeChecker, make_context
from tests.support.pipeline import Pipeline, content_of, known_state, request_flow, response_of

CHAT = "https://api.openai.com/v1/chat/completions"
MESSAGES = "https://api.anthropic.com/v1/messages"


def blocked(flow: http.HTTPFlow) -> bool:
    return flow.response is not None and response_of(flow).headers.get("x-garde-ia") == "blocked"


def send(url: str, payload: object) -> http.HTTPFlow:
    with Pipeline(make_context()) as pipeline:
        return pipeline.send(request_flow(url, json.dumps(payload, ensure_ascii=False).encode()))


def leaked(flow: http.HTTPFlow, *values: str) -> list[str]:
    if flow.response is not None:
        return []
    out = flow.request.path + "\n" + (content_of(flow.request) or b"").decode()
    return [v for v in values if v in out or json.dumps(v)[1:-1] in out]


def tool_turn(arguments: str, result: str) -> dict[str, object]:
    return {
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "user", "content": "Vérifie le dossier."},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": "dossier", "arguments": arguments},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "call_1", "content": result},
        ],
        "tools": [
            {"type": "function", "function": {"name": "dossier", "parameters": {"type": "object"}}}
        ],
    }


def test_tool_call_arguments_are_pseudonymized() -> None:
    flow = send(CHAT, tool_turn(json.dumps({"personne": NAME, "courriel": EMAIL}), "ok"))
    assert flow.response is None and leaked(flow, NAME, EMAIL) == []
    sent = json.loads(content_of(flow.request))
    arguments = json.loads(sent["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert arguments == {"personne": "[PERSONNE_1]", "courriel": "[EMAIL_1]"}
    assert (
        sent["tools"][0]["function"]["name"] == "dossier"
        and sent["messages"][1]["tool_calls"][0]["id"] == "call_1"
    )


def test_sensitive_data_in_tool_arguments_blocks() -> None:
    flow = send(CHAT, tool_turn(json.dumps({"note": f"{NAME} est séropositive."}), "ok"))
    assert blocked(flow)


@pytest.mark.parametrize(
    "extra",
    [
        {"user": EMAIL},
        {"metadata": {"dossier": IBAN}},
        {"prediction": {"type": "content", "content": f"Lettre à {NAME}"}},
        {"messages": [{"role": "user", "name": EMAIL, "content": "Bonjour"}]},
        {
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {
                            "type": "image_url",
                            "image_url": {"url": f"https://exemple.fr/i.png?who={EMAIL}"},
                        }
                    ],
                }
            ]
        },
        {
            "messages": [
                {"role": "user", "content": [{"type": "file", "file": {"file_id": f"file-{IBAN}"}}]}
            ]
        },
        {
            "messages": [
                {"role": "user", "content": {"type": "text", "text": {"value": f"Lettre à {NAME}"}}}
            ]
        },
    ],
)
def test_fields_the_adapter_does_not_know_are_read(extra: dict[str, Any]) -> None:
    payload = {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "Bonjour"}],
        **extra,
    }
    flow = send(CHAT, payload)
    assert leaked(flow, NAME, EMAIL, IBAN) == []


def test_anthropic_tool_use_input_and_tool_result_are_read() -> None:
    payload = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 10,
        "messages": [
            {"role": "user", "content": "Cherche le dossier."},
            {
                "role": "assistant",
                "content": [
                    {
                        "type": "tool_use",
                        "id": "toolu_1",
                        "name": "dossier",
                        "input": {"iban": IBAN},
                    }
                ],
            },
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_1",
                        "content": [{"type": "text", "text": EMAIL}],
                    }
                ],
            },
        ],
    }
    flow = send(MESSAGES, payload)
    assert flow.response is None and leaked(flow, EMAIL, IBAN) == []
    sent = json.loads(content_of(flow.request))
    assert sent["messages"][1]["content"][0]["input"] == {"iban": "[IBAN_1]"}


def test_an_object_key_holding_personal_data_blocks() -> None:
    flow = send(
        CHAT,
        {
            "model": "m",
            "messages": [{"role": "user", "content": "Bonjour"}],
            "metadata": {EMAIL: 1},
        },
    )
    assert blocked(flow)


def test_the_generic_extractor_reads_strings_without_spaces() -> None:
    flow = send(
        "https://chatgpt.com/ces/v1/t",
        {"event": "x", "properties": {"who": EMAIL, "account": IBAN}},
    )
    assert flow.response is None and leaked(flow, EMAIL, IBAN) == []


def test_identifiers_and_model_names_stay_intact() -> None:
    payload = {
        "model": "gpt-4o-mini",
        "conversation_id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        "messages": [{"role": "user", "content": f"Écris à {NAME}."}],
    }
    flow = send(CHAT, payload)
    sent = json.loads(content_of(flow.request))
    assert sent["model"] == "gpt-4o-mini" and sent["conversation_id"] == payload["conversation_id"]


def test_other_leaves_are_checked_in_one_joined_text() -> None:
    checker = FakeChecker()
    payload = {
        "model": "m",
        "user": "u1",
        "metadata": {str(i): f"valeur {i}" for i in range(200)},
        "messages": [{"role": "user", "content": "Bonjour"}],
    }
    with Pipeline(make_context(checker)) as pipeline:
        flow = pipeline.send(request_flow(CHAT, json.dumps(payload).encode()))
    assert known_state(flow).status == "cleared" and checker.calls == [
        3
    ]  # the prompt, one-word leaves, the others
