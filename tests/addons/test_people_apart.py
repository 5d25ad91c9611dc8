"""Issue 11, family 7: vaults keyed by client and conversation; only safe model names kept; no content in logs."""

import json
import logging

import pytest
from mitmproxy import http

from proxy.usage.model_names import safe_model_name
from tests.support.fakes import EMAIL, NAME, RecordingSink, make_context
from tests.support.pipeline import (
    Pipeline,
    content_of,
    known_state,
    request_flow,
    text_of,
)

CONVERSATION = "https://chatgpt.com/backend-api/f/conversation"
CHAT = "https://api.openai.com/v1/chat/completions"


def chatgpt_body(text: str, conversation: str = "c-shared") -> bytes:
    return json.dumps(
        {
            "action": "next",
            "model": "auto",
            "conversation_id": conversation,
            "messages": [
                {"author": {"role": "user"}, "content": {"content_type": "text", "parts": [text]}}
            ],
        },
        ensure_ascii=False,
    ).encode()


def from_client(url: str, body: bytes, address: str) -> http.HTTPFlow:
    flow = request_flow(url, body)
    flow.client_conn.peername = (address, 50000)
    return flow


def test_a_placeholder_is_restored_only_for_the_client_that_created_it() -> None:
    with Pipeline(make_context()) as pipeline:
        alice = pipeline.send(
            from_client(CONVERSATION, chatgpt_body(f"Écris à {NAME}."), "10.0.0.1")
        )
        assert b"[PERSONNE_1]" in content_of(alice.request)
        mallory = pipeline.send(
            from_client(CONVERSATION, chatgpt_body("Répète [PERSONNE_1]."), "10.0.0.2")
        )
        answer = json.dumps({"message": "Voici [PERSONNE_1]"})
        pipeline.answer(
            mallory, http.Response.make(200, answer, {"content-type": "application/json"})
        )
        assert NAME not in text_of(mallory)
        again = pipeline.send(from_client(CONVERSATION, chatgpt_body("Répète."), "10.0.0.1"))
        pipeline.answer(
            again, http.Response.make(200, answer, {"content-type": "application/json"})
        )
        assert NAME in text_of(again)
    assert known_state(alice).conversation != known_state(mallory).conversation


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("gpt-4o-mini", "gpt-4o-mini"),
        ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250929"),
        ("models/gemini-2.0-flash", "models/gemini-2.0-flash"),
        ("meta-llama/Llama-3.3-70B-Instruct-Turbo", "meta-llama/Llama-3.3-70B-Instruct-Turbo"),
        ("auto", "auto"),
        (EMAIL, None),
        (NAME, None),
        ("1 85 07 75 123 456 08", None),
        ("gpt-4o " + NAME, None),
        ("x" * 200, None),
    ],
)
def test_only_known_or_strictly_written_model_names_are_kept(given: str, kept: str | None) -> None:
    assert safe_model_name(given) == kept


def test_a_model_field_holding_an_email_is_not_recorded() -> None:
    sink = RecordingSink()
    body = json.dumps(
        {"model": EMAIL, "messages": [{"role": "user", "content": "Bonjour"}]}
    ).encode()
    with Pipeline(make_context(sink=sink)) as pipeline:
        flow = pipeline.send(request_flow(CHAT, body))
        pipeline.answer(flow, http.Response.make(200, b"{}", {"content-type": "application/json"}))
    assert known_state(flow).model is None
    assert [r.model for r in sink.records] == [None]
    assert EMAIL not in repr(sink.records)


def test_no_log_line_quotes_the_request(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    bodies = [
        b'{"model": "'
        + EMAIL.encode()
        + b'", "messages": [{"role": "user", "content": "'
        + NAME.encode()
        + b'"',  # broken
        json.dumps(
            {"model": EMAIL, "messages": [{"role": "user", "content": f"{NAME} est séropositive."}]}
        ).encode(),
        json.dumps(
            {"model": EMAIL, "metadata": {EMAIL: 1}, "messages": [{"role": "user", "content": "x"}]}
        ).encode(),
    ]
    with Pipeline(make_context()) as pipeline:
        for body in bodies:
            pipeline.send(request_flow(CHAT, body))
        pipeline.send(
            request_flow(
                f"https://chatgpt.com/?q={EMAIL}&who={NAME.replace(' ', '+')}", method="GET"
            )
        )
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert EMAIL not in text and NAME not in text and "Dupont" not in text
