"""One normalization step before detection, with every offset mapped back to the original text.

People paste identifiers written in many ways the recognizers do not expect: full-width digits and
``＠`` (NFKC), a zero-width space or a soft hyphen inside a NIR or an e-mail (invisible characters),
thin and narrow no-break spaces from French number formatting, typographic dashes and minus signs,
Windows line breaks. The analyzer runs on the normalized text; each finding is mapped back to the
span of *original* characters it came from, so the replacement covers all of them (an invisible
character inside a value is replaced with it, never left behind as a readable half).

A lower-case IBAN is upper-cased (same length). Line breaks and tabs are kept (sentence bounds and tables rely on them); the recognizers accept
them between the digit groups of a number (see ``anonymizer.recognizers._base.SEP``).
"""

import re
import unicodedata
from dataclasses import dataclass

# Removed: zero-width and joiner characters, soft hyphen, word joiner and invisible operators,
# bidirectional marks and embeddings, BOM, Mongolian vowel separator, variation selectors, tags.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff]"
)
LINE_BREAKS = {
    "\r": "\n",
    "\u0085": "\n",
    "\u2028": "\n",
    "\u2029": "\n",
    "\x0b": "\n",
    "\x0c": "\n",
}
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"
# Anything normalizing would change besides NFKC (checked with unicodedata.is_normalized).
_SPECIAL = re.compile(
    INVISIBLE.pattern[:-1]
    + "\r\u0085\u2028\u2029\x0b\x0c"
    + DASHES
    + "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
)


# An IBAN written in lower case ("fr76 3000 6000 …"): upper-cased for detection (same length, so
# offsets do not move). At least ten digits, so ordinary words are never touched.
IBAN_SHAPE = re.compile(
    r"(?<![A-Za-z0-9])[a-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?(?![A-Za-z0-9])"
)


def _upper_ibans(text: str) -> str:
    def upper(match: re.Match[str]) -> str:
        value = match.group(0)
        return value.upper() if sum(c.isdigit() for c in value) >= 10 else value

    return IBAN_SHAPE.sub(upper, text) if any(c.isdigit() for c in text) else text


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalized text and, for each of its characters, the original span ``[start, end)`` it came from."""

    text: str
    spans: tuple[tuple[int, int], ...] | None  # None: offsets are the same as the original's
    original_length: int

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original characters behind ``text[start:end]`` (whole units, removed ones inside included)."""
        if self.spans is None:
            return start, end
        if start >= end:
            position = self.spans[start][0] if start < len(self.spans) else self.original_length
            return position, position
        return self.spans[start][0], self.spans[end - 1][1]

    @property
    def unchanged(self) -> bool:
        """Whether every character kept its offset (only same-length changes, if any)."""
        return self.spans is None


def _units(text: str) -> list[tuple[int, int]]:
    """Spans of a base character with its combining marks (normalized together, as NFKC composes them)."""
    units: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if units and unicodedata.combining(char) and units[-1][1] == index:
            units[-1] = (units[-1][0], index + 1)
        else:
            units.append((index, index + 1))
    return units


def _one(unit: str) -> str:
    if INVISIBLE.fullmatch(unit):
        return ""
    if unit == "\r\n":
        return "\n"
    if unit in LINE_BREAKS:
        return LINE_BREAKS[unit]
    if unit in DASHES:
        return "-"
    if unit != "\t" and unit != "\n" and unicodedata.category(unit[0]) == "Zs":
        return " "
    out = unicodedata.normalize("NFKC", INVISIBLE.sub("", unit))
    return "".join(
        "-" if c in DASHES else " " if unicodedata.category(c) == "Zs" else c for c in out
    )


def normalize(text: str) -> Normalized:
    """NFKC, invisible characters removed, space, dash and line-break variants unified; offsets kept."""
    if unicodedata.is_normalized("NFKC", text) and not _SPECIAL.search(text):
        return Normalized(_upper_ibans(text), None, len(text))  # the common case, in C code
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    units = _units(text)
    index = 0
    while index < len(units):
        start, end = units[index]
        if (
            text[start:end] == "\r"
            and index + 1 < len(units)
            and text[units[index + 1][0] : units[index + 1][1]] == "\n"
        ):
            end = units[index + 1][1]
            index += 1
        out = _one(text[start:end])
        pieces.append(out)
        spans.extend([(start, end)] * len(out))
        index += 1
    return Normalized(_upper_ibans("".join(pieces)), tuple(spans), len(text))
