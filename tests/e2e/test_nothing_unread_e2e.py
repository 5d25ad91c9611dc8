"""Issue 11 on the real `garde-ia run` (French model): nothing unread leaves, whatever the method or field.

Families 1 (every method, every query string) and 2 (every field), including a real ``openai``
SDK agent loop: the answer's tool call carries a NIR garde-ia restored for the client, and the
client's next turn sends it back in the tool call's arguments and in the tool's result.
"""

import json
from typing import Any

import openai
import pytest
from openai.types.chat import (
    ChatCompletionMessageFunctionToolCall,
    ChatCompletionMessageParam,
    ChatCompletionToolParam,
)

from tests.support.guard import LaunchGuard, ProxyProcess
from tests.support.upstream import Upstream

pytestmark = pytest.mark.spacy_model
CHAT = "https://api.openai.com/v1/chat/completions"
NIR_DIGITS = "1850775123456"
NIR = "1 85 07 75 123 456 08"
EMAIL = "jean.dupont@exemple.fr"
PROMPT = "Rédige un mot de remerciement pour Jean Dupont, bénévole depuis dix ans."


@pytest.fixture(scope="module")
def guard(launch_guard: LaunchGuard, upstream: Upstream) -> ProxyProcess:
    return launch_guard("unread", upstream.port)


def everything_sent(upstream: Upstream) -> str:
    return "\n".join(
        f"{r.method} {r.path}\n{r.body.decode('utf-8', 'replace')}" for r in upstream.received
    )


def leaked(upstream: Upstream, *values: str) -> list[str]:
    sent = everything_sent(upstream)
    return [v for v in values if v in sent or v.replace(" ", "") in sent.replace(" ", "")]


def test_openai_agent_loop_never_sends_the_restored_nir_back(
    guard: ProxyProcess, fresh_upstream: Upstream
) -> None:
    client = openai.OpenAI(api_key="sk-test", http_client=guard.client(), max_retries=0)  # type: ignore[arg-type]  # the openai SDK types http_client against httpx2; it takes an httpx client at run time
    tools: list[ChatCompletionToolParam] = [
        {
            "type": "function",
            "function": {
                "name": "verifier_dossier",
                "description": "Vérifie un dossier",
                "parameters": {"type": "object", "properties": {"nir": {"type": "string"}}},
            },
        }
    ]
    messages: list[ChatCompletionMessageParam] = [
        {"role": "user", "content": f"Vérifie le dossier du NIR {NIR}."}
    ]
    first = client.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=tools)
    calls = first.choices[0].message.tool_calls
    assert calls
    call = calls[0]
    assert isinstance(call, ChatCompletionMessageFunctionToolCall)
    assert json.loads(call.function.arguments) == {"nir": NIR}  # restored for the client's own tool
    messages += [
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.function.name, "arguments": call.function.arguments},
                }
            ],
        },
        {
            "role": "tool",
            "tool_call_id": call.id,
            "content": json.dumps({"nir": NIR, "statut": "complet"}),
        },
    ]
    client.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=tools)
    assert len(fresh_upstream.received) == 2
    assert leaked(fresh_upstream, NIR, NIR_DIGITS) == []
    assert "[NIR_1]" in fresh_upstream.received[1].body.decode()


@pytest.mark.parametrize("method", ["GET", "DELETE", "QUERY"])
def test_a_body_is_read_whatever_the_method(
    guard: ProxyProcess, fresh_upstream: Upstream, method: str
) -> None:
    body = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": PROMPT}]})
    with guard.client() as c:
        c.request(method, CHAT, content=body, headers={"content-type": "application/json"})
    assert leaked(fresh_upstream, "Dupont") == []


def test_a_post_announcing_a_websocket_upgrade_is_read(
    guard: ProxyProcess, fresh_upstream: Upstream
) -> None:
    body = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": PROMPT}]})
    with guard.client() as c:
        c.post(
            CHAT,
            content=body,
            headers={
                "content-type": "application/json",
                "upgrade": "websocket",
                "connection": "upgrade",
            },
        )
    assert leaked(fresh_upstream, "Dupont") == []


def test_a_prompt_in_the_query_string_is_read(
    guard: ProxyProcess, fresh_upstream: Upstream
) -> None:
    with guard.client() as c:
        c.get("https://chatgpt.com/", params={"q": PROMPT, "hints": "search"})
    assert leaked(fresh_upstream, "Dupont") == []
    assert [r.path for r in fresh_upstream.received if "PERSONNE" in r.path]


@pytest.mark.parametrize(
    "extra",
    [
        {"user": EMAIL},
        {"metadata": {"dossier": f"suivi de {EMAIL}"}},
        {"messages": [{"role": "user", "name": EMAIL, "content": "Bonjour"}]},
    ],
    ids=["user", "metadata", "name"],
)
def test_fields_the_adapter_does_not_know_are_read(
    guard: ProxyProcess, fresh_upstream: Upstream, extra: dict[str, Any]
) -> None:
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Bonjour"}], **extra}
    with guard.client() as c:
        c.post(CHAT, json=body)
    assert leaked(fresh_upstream, EMAIL) == []


def test_a_very_long_prompt_is_refused_at_once_without_stalling_others(
    guard: ProxyProcess, fresh_upstream: Upstream
) -> None:
    """Family 8: one worker checks everyone's prompts; a 3 MB one must not hold it."""
    import time

    long_text = ("Compte rendu de la réunion du bureau, budget et collecte de samedi. " * 45_000)[
        :3_000_000
    ]
    with guard.client() as c:
        started = time.monotonic()
        refused = c.post(
            CHAT,
            json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": long_text}]},
        )
        refused_after = time.monotonic() - started
        started = time.monotonic()
        ok = c.post(
            CHAT, json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": PROMPT}]}
        )
        ok_after = time.monotonic() - started
    assert refused.headers.get("x-garde-ia") == "blocked" and "message trop long" in refused.text
    assert (
        refused_after < 10
    )  # the check timeout is 20 s: before, the worker held it that long (machine under load: slack)
    assert ok.status_code == 200 and ok_after < 10
    assert all(len(r.body) < 100_000 for r in fresh_upstream.received)


def test_a_restored_stream_sent_with_a_content_length_arrives_whole(
    guard: ProxyProcess, fresh_upstream: Upstream
) -> None:
    """Family 8: the service gave a Content-Length; restoring changes the length."""
    client = openai.OpenAI(api_key="sk-test", http_client=guard.client(), max_retries=0, timeout=20)  # type: ignore[arg-type]  # the openai SDK types http_client against httpx2; it takes an httpx client at run time
    stream = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": PROMPT}],
        stream=True,
        extra_headers={"x-test-sse-length": "1"},
    )
    answer = "".join(chunk.choices[0].delta.content or "" for chunk in stream)
    assert answer == "Voici le courrier pour Jean Dupont, bien cordialement."


@pytest.mark.parametrize(
    "content",
    [
        [
            {"type": "text", "text": "Vérifie le dossier du NIR 1 85 07 75"},
            {"type": "text", "text": "123 456 08 avant lundi."},
        ],
        [
            {"type": "text", "text": "Écris à jean.dupont@"},
            {"type": "text", "text": "exemple.fr pour le remercier."},
        ],
    ],
    ids=["nir", "email"],
)
def test_a_value_split_across_two_content_parts_never_leaves(
    guard: ProxyProcess, fresh_upstream: Upstream, content: list[dict[str, str]]
) -> None:
    with guard.client() as c:
        c.post(
            CHAT, json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": content}]}
        )
    assert leaked(fresh_upstream, NIR, NIR_DIGITS, EMAIL, "jean.dupont@", "1 85 07 75") == []


def test_a_sensitive_topic_in_the_next_message_about_a_named_person_is_blocked(
    guard: ProxyProcess, fresh_upstream: Upstream
) -> None:
    messages = [
        {"role": "user", "content": "Marie Durand"},
        {"role": "user", "content": "est séropositive, écris à son employeur."},
    ]
    with guard.client() as c:
        response = c.post(CHAT, json={"model": "gpt-4o-mini", "messages": messages})
    assert response.headers.get("x-garde-ia") == "blocked"
    assert fresh_upstream.received == []
