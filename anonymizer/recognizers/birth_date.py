"""Dates of birth: a date right after "né(e) le", "date de naissance", "DDN" or "born on".

Only the date is reported. A date anywhere else ("avant le 15 janvier 2025", "le vendredi 19
juin") is not personal data and gives nothing: the cue is part of the pattern, not a bonus.
"""

import re

from anonymizer.recognizers._base import IdentifierRecognizer, Rule

ENTITY = "DATE_NAISSANCE"
SCORE = 0.9

CONTEXT_WORDS = (
    "né le", "née le", "né(e) le", "nés le", "date de naissance", "ddn", "naissance", "né",
    "née", "born on", "date of birth", "dob", "birth date", "birthday", "born",
)  # fmt: skip

_FR_MONTHS = (
    r"janvier|janv\.?|f[ée]vrier|f[ée]vr?\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?|"
    r"ao[ûu]t|septembre|sept?\.?|octobre|oct\.?|novembre|nov\.?|d[ée]cembre|d[ée]c\.?"
)
_EN_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sep\.?|oct\.?|nov\.?|dec\.?"
)
_DAY = r"(?:1\s?er|1ᵉʳ|0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?"
_NUMERIC = r"(?:0?[1-9]|[12]\d|3[01])(?P<sep>[/.\-])(?:0?[1-9]|1[0-2])(?:(?P=sep)(?:19|20)?\d{2})?(?![\d/.\-]\d)(?!\d)"
_ISO = r"(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)"
_WORDS = rf"{_DAY}\s+(?:{_FR_MONTHS}|{_EN_MONTHS})(?!\w)(?:,?\s+(?:19|20)\d{{2}}(?!\d))?"
_EN_WORDS = rf"(?:{_EN_MONTHS})\s+{_DAY},?\s+(?:19|20)\d{{2}}(?!\d)"

_CUE = (
    r"(?:\bn[ée]e?s?(?:\s?\(e\)|·e|\.e)?\s+le"
    r"|\bdate\s+de\s+naissance|\bdate\s+naiss\.?|\bDDN|\bn[ée]e?(?:\s?\(e\))?\s*:"
    r"|\bborn\s+on|\bborn|\bdate\s+of\s+birth|\bDOB|\bbirth\s?date|\bbirthday)"
)
BIRTH_DATE_PATTERN = re.compile(
    _CUE
    + rf"\s*(?:[:=\-–]\s*)?(?:le\s+|on\s+)?(?:{_WEEKDAY}\s+)?"
    + rf"(?P<date>{_NUMERIC}|{_ISO}|{_EN_WORDS}|{_WORDS})",
    re.IGNORECASE,
)


def birth_date_recognizer() -> IdentifierRecognizer:
    """The date that follows a birth cue, in numeric, ISO or month-name writing."""
    rule = Rule("date après « né le »", BIRTH_DATE_PATTERN, SCORE, SCORE, group="date")
    return IdentifierRecognizer(entity=ENTITY, rules=[rule], context_words=CONTEXT_WORDS)
