"""The generic extractor: finds the user's text in payloads of unknown format.

It opens every layer it recognises (JSON in JSON, form fields, multipart parts, envelopes)
and keeps the string leaves that look like what a person typed: any string under a key that
usually carries a prompt, and any other string with several words. Ids, URLs, tokens and
base64 blobs have no spaces and are left alone.
"""

import re
from typing import Any

from proxy.inspection.formats.document import (
    Slot,
)
from proxy.inspection.formats.walk import child_slots, open_json

PROMPT_KEYS = frozenset(
    {
        "prompt",
        "query",
        "query_str",
        "dsl_query",
        "q",
        "message",
        "messages",
        "content",
        "parts",
        "text",
        "texts",
        "inputs",
        "input",
        "messageinput",
        "sensitive_string_value",
        "extracted_content",
        "instructions",
        "system",
        "title",
        "body",
        "question",
        "transcript",
    }
)
_WORDS = re.compile(r"\S+\s+\S+")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S*$", re.IGNORECASE)
MAX_LEAVES = 10_000


def _looks_typed(value: str, key: object) -> bool:
    if not value.strip() or _URL.match(value):
        return False
    if isinstance(key, str) and key.lower() in PROMPT_KEYS:
        return True
    return bool(_WORDS.search(value))


def _key_of(slot: Slot) -> object:
    if isinstance(slot.holder, list) and len(slot.holder) == 2 and slot.key == 1:
        return slot.holder[0]  # a form pair: its field name
    part_name = getattr(slot.holder, "name", None)
    return part_name if part_name is not None else slot.key


def generic_slots(root: list[Any], skip: frozenset[tuple[int, Any]] = frozenset()) -> list[Slot]:
    """Every string leaf of the tree that looks like typed text (JSON strings are opened).

    ``skip`` holds ``(id(holder), key)`` of places that carry files (read as files, not texts).
    """
    found: list[Slot] = []
    pending: list[tuple[Slot, str | None]] = [(Slot(root, 0), None)]
    visited = 0
    while pending:
        slot, parent_key = pending.pop()
        if (id(slot.holder), slot.key) in skip:
            continue
        visited += 1
        if visited > MAX_LEAVES:
            raise ValueError("too many leaves")
        if open_json(slot):
            pending.append((Slot(slot.get(), "value"), parent_key))
            continue
        value = slot.get()
        key = _key_of(slot)
        if isinstance(value, str):
            if _looks_typed(value, key if isinstance(key, str) else parent_key):
                found.append(slot)
            continue
        for child in reversed(child_slots(value)):
            pending.append((child, key if isinstance(key, str) else parent_key))
    return found
