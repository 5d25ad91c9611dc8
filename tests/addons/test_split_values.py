"""Issue 11, family 4 (end): a value written across two content parts or two messages is found."""

import json

from mitmproxy import http

from proxy.inspection.formats.junctions import junctions
from tests.support.fakes import make_context
from tests.support.pipeline import Pipeline, content_of, request_flow, response_of, text_of

CHAT = "https://api.openai.com/v1/chat/completions"


def send(messages: list[dict[str, object]]) -> http.HTTPFlow:
    body = json.dumps({"model": "gpt-4o-mini", "messages": messages}, ensure_ascii=False).encode()
    with Pipeline(make_context()) as pipeline:
        return pipeline.send(request_flow(CHAT, body))


def blocked(flow: http.HTTPFlow) -> bool:
    return flow.response is not None and response_of(flow).headers.get("x-garde-ia") == "blocked"


def test_a_name_across_two_content_parts_is_blocked() -> None:
    flow = send(
        [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Écris à Jean"},
                    {"type": "text", "text": "Dupont pour le remercier."},
                ],
            }
        ]
    )
    assert blocked(flow) and "coupée entre deux parties" in text_of(flow)


def test_an_email_across_two_parts_without_a_space_is_blocked() -> None:
    flow = send(
        [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Son adresse : jean.dupont@"},
                    {"type": "text", "text": "exemple.fr, merci."},
                ],
            }
        ]
    )
    assert blocked(flow)


def test_a_name_across_two_messages_is_blocked() -> None:
    flow = send(
        [
            {"role": "user", "content": "Écris à Jean"},
            {"role": "user", "content": "Dupont pour le remercier."},
        ]
    )
    assert blocked(flow)


def test_ordinary_messages_pass() -> None:
    flow = send(
        [
            {"role": "user", "content": "Bonjour"},
            {"role": "assistant", "content": "Bonjour !"},
            {"role": "user", "content": "Écris à Jean Dupont."},
        ]
    )
    assert flow.response is None and b"[PERSONNE_1]" in content_of(flow.request)


def test_junctions_take_both_gluings() -> None:
    [direct, spaced] = junctions(["a jean.dupont@", "exemple.fr b"])
    assert (
        direct.text == "a jean.dupont@exemple.fr b" and spaced.text == "a jean.dupont@ exemple.fr b"
    )
    assert direct.left_end == direct.right_start == len("a jean.dupont@")
