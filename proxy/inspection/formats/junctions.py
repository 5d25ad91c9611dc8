"""Where two texts of one request meet: a value written across them is found there.

A NIR typed across two content parts of one message (``"1 85 07 75"`` then ``"123 456 08"``), or a
first name ending one message and the surname starting the next, is invisible to a check of each
text alone. For every pair of adjacent texts, the end of the first and the start of the second
are checked together, joined directly and with a space (parts are concatenated either way). A
finding that straddles the junction cannot be rewritten in both texts faithfully: the request is
blocked.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

EDGE = 64  # characters taken on each side: longer than any identifier, with room for a cue word


class Span(Protocol):
    """What a junction needs of a finding: its offsets."""

    @property
    def start(self) -> int:
        """Where the finding starts."""
        ...

    @property
    def end(self) -> int:
        """Where it ends (excluded)."""
        ...


@dataclass(frozen=True, slots=True)
class Junction:
    """The edges of two adjacent texts joined; ``[left_end, right_start)`` is what was put between."""

    text: str
    left_end: int
    right_start: int

    def straddled_by(self, findings: Sequence[Span]) -> bool:
        """Whether a finding starts in the first text and ends in the second."""
        return any(f.start < self.left_end and f.end > self.right_start for f in findings)


def junctions(texts: Sequence[str]) -> list[Junction]:
    """The junctions of adjacent non-empty texts (two per pair: joined directly and with a space)."""
    found = []
    for left_text, right_text in zip(texts, texts[1:], strict=False):
        left, right = left_text[-EDGE:], right_text[:EDGE]
        if not left.strip() or not right.strip():
            continue
        for glue in ("", " "):
            found.append(Junction(left + glue + right, len(left), len(left) + len(glue)))
    return found
