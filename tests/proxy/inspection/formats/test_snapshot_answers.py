"""Snapshot-style answers (each event repeats the whole text so far): Perplexity web SSE, Meta AI NDJSON.

Fixtures in tests/data/answers/, shaped after ai_tools.md §2.7 and §2.9. Every snapshot is restored on
its own; the answer arrives in small chunks that split events and placeholders.
"""

import json

import pytest

from anonymizer.vault import Vault
from proxy.inspection.formats.answers import stream_restorer_for
from tests.support.paths import DATA

ANSWERS = DATA / "answers"
RESTORED = (
    "Voici le mot pour Jean Dupont : merci pour ces dix ans, écrivez-lui à jean.dupont@example.org."
)


@pytest.fixture
def vault() -> Vault:
    vault = Vault()
    assert vault.placeholder_for("PERSONNE", "Jean Dupont") == "[PERSONNE_1]"
    assert vault.placeholder_for("EMAIL", "jean.dupont@example.org") == "[EMAIL_1]"
    return vault


def run(content_type: str, raw: bytes, vault: Vault, size: int = 7) -> tuple[bytes, list[bytes]]:
    transform = stream_restorer_for(content_type, vault)
    assert transform is not None
    outputs = [transform(raw[i : i + size]) for i in range(0, len(raw), size)] + [transform(b"")]
    return b"".join(outputs), outputs


def test_perplexity_snapshots_are_each_restored(vault: Vault) -> None:
    raw = (ANSWERS / "perplexity.sse").read_bytes()
    out, outputs = run("text/event-stream; charset=utf-8", raw, vault)
    events = [block for block in out.decode().split("\n\n") if block.strip()]
    assert len(events) == raw.decode().count("\r\n\r\n")  # one event out per event in
    data = [json.loads(e.split("data: ", 1)[1]) for e in events if e.startswith("event: message")]
    snapshots = [d["blocks"][0]["diff_block"]["patches"][0]["value"] for d in data]
    assert snapshots[-1] == RESTORED
    assert all("[PERSONNE_1]" not in s and "[EMAIL_1]" not in s for s in snapshots)
    assert events[-1] == "event: end_of_stream\ndata: {}"
    first = next(
        i for i, o in enumerate(outputs) if o
    )  # the first event leaves as soon as it is complete
    assert first == (raw.index(b"\r\n\r\n") + 4 - 1) // 7


def test_meta_ai_snapshots_are_each_restored(vault: Vault) -> None:
    raw = (ANSWERS / "meta_ai.ndjson").read_bytes()
    out, _ = run("application/x-ndjson", raw, vault)
    lines = [json.loads(line) for line in out.decode().splitlines() if line.strip()]
    assert len(lines) == raw.count(b"\n")
    snippets = [line["data"]["node"]["bot_response_message"]["snippet"] for line in lines]
    assert snippets[-1] == RESTORED and snippets[0] == "Voici le mot"
    assert all("[PERSONNE_1]" not in s for s in snippets)
    assert lines[-1]["data"]["node"]["bot_response_message"]["streaming_state"] == "OVERALL_DONE"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("perplexity.sse", "text/event-stream"), ("meta_ai.ndjson", "application/x-ndjson")],
)
def test_a_vault_that_issued_nothing_changes_no_text(name: str, content_type: str) -> None:
    raw = (ANSWERS / name).read_bytes()
    out, _ = run(content_type, raw, Vault())
    assert b"[PERSONNE_1]" in out and b"Dupont" not in out
