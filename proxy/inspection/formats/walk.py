"""Walking a parsed payload: the places under each node, and JSON written inside strings opened.

One walker for both readers of a whole payload: the generic extractor (texts of unknown formats)
and the leaves collector (everything else). The collector also reads what can only be read, never
rewritten as a text: form field names and query-string keys.
"""

from typing import Any

from proxy.inspection.formats.document import (
    Base64Text,
    Embedded,
    Envelopes,
    Form,
    Multipart,
    Records,
    Slot,
    loads_strict,
)
from proxy.inspection.formats.query import QueryString


def open_json(slot: Slot) -> bool:
    """Replace a string holding a JSON object or array by its parsed form; False when it is not JSON."""
    value = slot.get()
    if not isinstance(value, str) or value.lstrip()[:1] not in ("{", "["):
        return False
    try:
        parsed = loads_strict(value)
    except ValueError:
        return False  # not JSON after all: read as a string
    slot.set(Embedded(parsed))
    return True


def child_slots(value: Any, names: bool = False) -> list[Slot]:
    """The places directly under ``value``; with ``names``, form field names and query keys too.

    Multipart parts with a file name are files, read as files, never walked as text.
    """
    if isinstance(value, Embedded | Base64Text):
        return [Slot(value, "value")]
    if isinstance(value, dict):
        return [Slot(value, k) for k in value]
    if isinstance(value, list):
        return [Slot(value, i) for i in range(len(value))]
    sides = (0, 1) if names else (1,)
    if isinstance(value, Form):
        return [Slot(pair, i) for pair in value.pairs for i in sides]
    if isinstance(value, QueryString):
        return [Slot(item, i) for item in value.items for i in sides if item[i] is not None]
    if isinstance(value, Multipart):
        return [Slot(part, "content") for part in value.parts if part.filename is None]
    if isinstance(value, Envelopes):
        return [Slot(frame, 1) for frame in value.frames]
    if isinstance(value, Records):
        return [Slot(value.records, i) for i in range(len(value.records))]
    return []
