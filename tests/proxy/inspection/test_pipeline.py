"""The inspection pipeline on its own: a payload in, an outcome out, with the real French model.

The addons' tests drive it through mitmproxy; these call it directly, as a new transport would.
Every failure must come back as a block with a notice, never as an exception.
"""

import asyncio
import gzip
import json
from collections.abc import Sequence

import pytest

from anonymizer import Guard, build_guard
from anonymizer.decision import Decision
from anonymizer.vault import Vault, VaultStore
from proxy.config.catalog import Match, load_catalog
from proxy.config.policy import load_policy
from proxy.inspection.pipeline import Inspector, Limits, Outcome, Payload

LIMITS = Limits(max_body=1_000_000, max_text_chars=10_000, timeout_seconds=60)


@pytest.fixture(scope="module")
def guard() -> Guard:
    return build_guard(load_policy().detection_policy)


def chat_match() -> Match:
    found = load_catalog().match("api.openai.com", "/v1/chat/completions", "POST", body=True)
    assert found is not None
    return found


def chat_body(text: str, **extra: object) -> bytes:
    return json.dumps(
        {"model": "gpt-4o", "messages": [{"role": "user", "content": text}], **extra}
    ).encode()


def inspect(checker: object, payload: Payload, limits: Limits = LIMITS) -> Outcome:
    policy = load_policy()
    inspector = Inspector(policy, checker, VaultStore(ttl_seconds=60, max_conversations=5), {})  # type: ignore[arg-type]
    try:
        return asyncio.run(inspector.inspect(payload, limits))
    finally:
        inspector.close()


@pytest.mark.spacy_model
def test_a_name_is_pseudonymized_in_the_rewritten_body(guard: Guard) -> None:
    text = "Peux-tu écrire à Mme Jacqueline Fournier pour la réunion de jeudi ?"
    outcome = inspect(
        guard, Payload(chat_match(), chat_body(text), "application/json", client="10.0.0.1")
    )
    assert outcome.action == "pseudonymize" and outcome.notice is None
    assert outcome.body is not None
    sent = json.loads(outcome.body)["messages"][0]["content"]
    assert "Fournier" not in sent and "[PERSONNE_1]" in sent
    assert outcome.model == "gpt-4o" and "client:10.0.0.1" in (outcome.conversation or "")


@pytest.mark.spacy_model
def test_a_name_in_another_field_is_read_too(guard: Guard) -> None:
    body = chat_body("Bonjour", user="jacqueline.fournier@example.org")
    outcome = inspect(guard, Payload(chat_match(), body, "application/json"))
    assert outcome.action == "pseudonymize" and outcome.body is not None
    assert b"jacqueline.fournier" not in outcome.body


@pytest.mark.spacy_model
def test_health_data_about_a_person_blocks_with_the_charter_words(guard: Guard) -> None:
    text = "Résume le dossier de Jacqueline Fournier, séropositive, suivie à l'hôpital."
    outcome = inspect(guard, Payload(chat_match(), chat_body(text), "application/json"))
    assert outcome.action == "block" and outcome.body is None
    assert outcome.notice is not None and "santé" in outcome.notice.text().lower()
    assert "Fournier" not in outcome.notice.text()


class Crashing:
    def check_texts(self, texts: Sequence[str], vault: Vault | None = None) -> list[Decision]:
        raise RuntimeError("simulated detector crash")


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        (Payload(chat_match(), None, "application/json"), "too_large"),
        (Payload(chat_match(), b"{not json", "application/json"), None),
        (Payload(chat_match(), b"\x00\x01", "application/json", binary=True), "binary"),
        (
            Payload(
                chat_match(),
                gzip.compress(chat_body("x")) + b"junk",
                "application/json",
                content_encoding="gzip",
            ),
            None,
        ),
        (Payload(chat_match(), chat_body("Bonjour"), "application/json"), "RuntimeError"),
    ],
    ids=["streamed-past", "unparseable", "binary-frame", "bytes-after-gzip", "detector-crash"],
)
def test_every_failure_is_a_block_with_a_notice(payload: Payload, problem: str | None) -> None:
    outcome = inspect(Crashing(), payload)
    assert outcome.action == "block" and outcome.notice is not None and outcome.body is None
    assert outcome.problem is not None
    if problem is not None:
        assert outcome.problem == problem


def test_a_text_over_the_limit_is_refused_before_the_check() -> None:
    outcome = inspect(
        Crashing(),
        Payload(chat_match(), chat_body("a " * 200), "application/json"),
        Limits(max_body=1_000_000, max_text_chars=100, timeout_seconds=60),
    )
    assert (outcome.action, outcome.problem) == ("block", "too_long")
