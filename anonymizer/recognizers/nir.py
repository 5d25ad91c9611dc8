"""NIR: the French social security number (also printed on the carte Vitale).

15 characters: sex, year, month, département (2A/2B for Corsica), commune, order number and a
2-digit key = 97 - (first 13 digits mod 97), checked with python-stdnum. People group the digits
in many ways ("1 85 05 78 006 084 91", "185057800608491"), so separators are allowed anywhere
and the key decides. A number with a NIR's structure but a wrong key is still reported, with a
lower score: it is someone's number, mistyped. Numbers starting with 7 or 8 are temporary
numbers (NIA) given while a person's civil status is being established, which mostly reveals an
immigration situation.
"""

import re

from stdnum.fr import nir

from anonymizer.recognizers._base import (
    CHECKSUM_SCORE,
    NOT_AFTER_DIGITS,
    SEP,
    IdentifierRecognizer,
    Rule,
)

ENTITY = "NIR"
TEMPORARY_SEX_DIGITS = ("7", "8")

CONTEXT_WORDS = (
    "nir", "sécu", "sécurité sociale", "la sécurité sociale", "numéro de sécu", "insee",
    "carte vitale", "vitale", "la carte vitale", "n° ss", "nss", "assuré", "l'assuré",
    "assuré social", "immatriculation", "nia", "ameli", "cpam", "mutuelle",
    "social security", "social security number", "ssn", "health insurance",
)  # fmt: skip

_D = rf"{SEP}?\d"
NIR_PATTERN = re.compile(
    NOT_AFTER_DIGITS
    + rf"[1-478](?:{_D}){{4}}{SEP}?(?:\d{SEP}?\d|2{SEP}?[AB])(?:{_D}){{8}}(?![\dA-Za-z])",
    re.IGNORECASE,
)


# The 13 characters without the key, as often copied from a form: reported only after a cue word.
NIR_WITHOUT_KEY_PATTERN = re.compile(
    NOT_AFTER_DIGITS
    + rf"[1-478](?:{_D}){{4}}{SEP}?(?:\d{SEP}?\d|2{SEP}?[AB])(?:{_D}){{6}}(?!{SEP}?[\dA-Za-z])",
    re.IGNORECASE,
)
KEYLESS_SCORE_WITH_CUE = 0.8


# A NIR whose key is wrong is still someone's number, mistyped: its structure says so. Sex digit,
# year, month (01-12, or 20-42 and 50-99 when unknown), département (2A/2B too), commune and
# order number, and a key from 01 to 97; separators anywhere, as for a valid NIR.

_MONTH = rf"(?:0{SEP}?[1-9]|1{SEP}?[0-2]|[23]{SEP}?\d|4{SEP}?[0-2]|[5-9]{SEP}?\d)"
_DEPT = rf"(?:\d{SEP}?\d|2{SEP}?[AB])"
_SIX = rf"\d(?:{SEP}?\d){{5}}"
_KEY = rf"(?:0{SEP}?[1-9]|[1-8]{SEP}?\d|9{SEP}?[0-7])"
NIR_STRUCTURE_PATTERN = re.compile(
    NOT_AFTER_DIGITS
    + rf"[1-478]{SEP}?\d{SEP}?\d{SEP}?{_MONTH}{SEP}?{_DEPT}{SEP}?{_SIX}{SEP}?{_KEY}(?![\dA-Za-z])",
    re.IGNORECASE,
)
STRUCTURE_SCORE = 0.6
STRUCTURE_SCORE_WITH_CUE = 0.9


def _compact(value: str) -> str:
    return re.sub(SEP, "", value).upper()


def is_valid_nir(value: str) -> bool:
    """Whether ``value`` (any spacing) is a NIR with a correct key."""
    return bool(nir.is_valid(_compact(value)))


def is_temporary_nir(value: str) -> bool:
    """Whether ``value`` is a valid temporary number (NIA, starting with 7 or 8).

    Such a number is given to people whose civil status is not yet established, mostly newly
    arrived foreigners: it reveals an immigration situation, so the guard treats it as sensitive.
    """
    return is_valid_nir(value) and _compact(value).startswith(TEMPORARY_SEX_DIGITS)


def nir_recognizer() -> IdentifierRecognizer:
    """NIR written with or without spaces; only numbers whose key is right are reported."""
    rule = Rule("NIR avec clé", NIR_PATTERN, CHECKSUM_SCORE, CHECKSUM_SCORE)
    return IdentifierRecognizer(
        entity=ENTITY, rules=[rule], context_words=CONTEXT_WORDS, checksum=is_valid_nir
    )


def nir_without_key_recognizer() -> IdentifierRecognizer:
    """A NIR's 13 characters without the key: no checksum to prove it, so a cue word is required."""
    rule = Rule("NIR sans clé", NIR_WITHOUT_KEY_PATTERN, None, KEYLESS_SCORE_WITH_CUE)
    return IdentifierRecognizer(entity=ENTITY, rules=[rule], context_words=CONTEXT_WORDS)


class WrongKeyNirRecognizer(IdentifierRecognizer):
    """NIRs whose key is wrong (those with a right key are the checksum recognizer's)."""

    def _score(self, rule: Rule, text: str, start: int, value: str) -> float | None:
        return None if is_valid_nir(value) else super()._score(rule, text, start, value)


def nir_structure_recognizer() -> IdentifierRecognizer:
    """A NIR with a wrong key, recognised by its structure; near certain after a cue word."""
    rule = Rule("NIR (structure)", NIR_STRUCTURE_PATTERN, STRUCTURE_SCORE, STRUCTURE_SCORE_WITH_CUE)
    return WrongKeyNirRecognizer(entity=ENTITY, rules=[rule], context_words=CONTEXT_WORDS)
