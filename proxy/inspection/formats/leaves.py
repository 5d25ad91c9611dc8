"""Every string leaf the adapter did not read: the step that makes "nothing unread leaves" hold.

An adapter knows where a tool keeps the user's texts; everything else in the payload (a message's
``name``, tool-call arguments and tool results, ``metadata``/``user``, Anthropic ``tool_use``
input, nested parts, object keys, long numbers, the query string) is collected here and checked
too, strings without spaces included (an e-mail, an IBAN). JSON written inside strings is opened.
Places that hold files (read by :mod:`proxy.inspection.files`) and the adapter's own texts are skipped.

The leaves are checked in a few joined texts (fast: one analysis instead of hundreds, and the
sensitive-topic decision sees them together), then split back. A leaf that cannot be rewritten
(an object key, a number) and would have to be, or a joined text that does not split back into as
many leaves, makes the request blocked: never a half-checked payload.
"""

import re
from dataclasses import dataclass
from typing import Any

from proxy.inspection.formats.document import (
    Multipart,
    Slot,
)
from proxy.inspection.formats.errors import PayloadError
from proxy.inspection.formats.walk import child_slots, open_json

MAX_LEAVES = 20_000
SEPARATOR = (
    "\n\u241e\n"  # SYMBOL FOR RECORD SEPARATOR between lines: never inside one value's writing
)
CHUNK_CHARS = 8_000
# Values that cannot carry a person's text: a UUID. Everything else is read, however it looks.
OPAQUE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
LONG_NUMBER_DIGITS = 6  # a JSON number this long may be a phone number, a NIR, a card…
# One word of letters, digits and . _ : / + - (no space, no @, no run of 5 digits): a model name,
# an enumeration, a role, a bot name ("claude-sonnet-4-5", "assistant", "Chat"). The name finder
# reads such words as names; in a group of them only identifiers count (see LeafBatch.words).
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.:/+-]{0,79}")
_DIGIT_RUN = re.compile(r"\d{5}")

Place = tuple[int, Any]


@dataclass(frozen=True, slots=True)
class Leaf:
    """One value to check; ``slot`` is None when it cannot be rewritten (an object key, a number)."""

    value: str
    slot: Slot | None

    @property
    def word(self) -> bool:
        """Whether the value is one identifier-like word (see :data:`WORD`)."""
        return bool(WORD.fullmatch(self.value)) and not _DIGIT_RUN.search(self.value)


def place(slot: Slot) -> Place:
    """How a place in the tree is identified (its holder's identity and its key)."""
    return (id(slot.holder), slot.key)


def _fixed_leaves(value: Any) -> list[str]:
    """What a node says that cannot be rewritten in place: object keys, multipart field names."""
    if isinstance(value, dict):
        return [k for k in value if isinstance(k, str)]
    if isinstance(value, Multipart):
        return [p.name for p in value.parts if p.filename is None and p.name]
    return []


def other_leaves(roots: list[list[Any]], taken: frozenset[Place]) -> list[Leaf]:
    """Every string leaf (and key, and long number) under ``roots`` outside the ``taken`` places."""
    found: list[Leaf] = []
    pending = [Slot(root, 0) for root in reversed(roots)]
    while pending:
        slot = pending.pop()
        if place(slot) in taken:
            continue
        if len(found) + len(pending) > MAX_LEAVES:
            raise PayloadError("too_large")
        value = slot.get()
        if isinstance(value, str):
            if open_json(slot):
                pending.append(slot)
            elif value.strip() and not OPAQUE.fullmatch(value.strip()):
                found.append(Leaf(value, slot))
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            digits = re.sub(r"\D", "", repr(value))
            if len(digits) >= LONG_NUMBER_DIGITS:
                found.append(Leaf(str(value), None))
            continue
        found += [
            Leaf(k, None) for k in _fixed_leaves(value) if k.strip() and not OPAQUE.fullmatch(k)
        ]
        pending += reversed(child_slots(value, names=True))
    return found


@dataclass(slots=True)
class LeafBatch:
    """The leaves of one request, checked as a few joined texts and written back after the check."""

    leaves: list[Leaf]

    def _groups(self) -> list[list[Leaf]]:
        words = [leaf for leaf in self.leaves if leaf.word]
        others = [leaf for leaf in self.leaves if not leaf.word]
        return self._grouped(words) + self._grouped(others)

    def words(self) -> list[bool]:
        """For each text of :meth:`texts`, whether it holds only one-word leaves.

        In such a group, a finding of a person's name alone is not acted on (a model or a role
        read as a name would break the request); identifiers and sensitive topics are.
        """
        return [group[0].word for group in self._groups()]

    @staticmethod
    def _grouped(leaves: list[Leaf]) -> list[list[Leaf]]:
        groups: list[list[Leaf]] = []
        size = CHUNK_CHARS
        for leaf in leaves:
            alone = "\u241e" in leaf.value or len(leaf.value) >= CHUNK_CHARS
            if alone or size + len(leaf.value) > CHUNK_CHARS:
                groups.append([leaf])
                size = CHUNK_CHARS if alone else len(leaf.value)
            else:
                groups[-1].append(leaf)
                size += len(leaf.value) + len(SEPARATOR)
        return groups

    def texts(self) -> list[str]:
        """The texts to check (each a few leaves joined by :data:`SEPARATOR`)."""
        return [SEPARATOR.join(leaf.value for leaf in group) for group in self._groups()]

    def apply(self, checked: list[str | None]) -> bool:
        """Write the checked texts back into their leaves; False when that cannot be done faithfully.

        ``checked`` has one text per :meth:`texts` entry (None for a blocked one). On False the
        request must be blocked (some leaves may already have been rewritten).
        """
        groups = self._groups()
        if len(checked) != len(groups):
            return False
        for group, text in zip(groups, checked, strict=True):
            if text is None:
                return False
            values = [text] if len(group) == 1 else text.split(SEPARATOR)
            if len(values) != len(group):
                return False
            for leaf, value in zip(group, values, strict=True):
                if value == leaf.value:
                    continue
                if leaf.slot is None:
                    return False
                leaf.slot.set(value)
        return True
