"""Licence plates: SIV (since 2009, "AB-123-CD") and the older FNI ("1234 AB 75").

SIV letters never use I, O or U; SS and WW (temporary) series are not issued to the public and
000 is never a number. An FNI plate looks like too many other things, so it needs a cue word.
"""

import re

from anonymizer.recognizers._base import IdentifierRecognizer, Rule

ENTITY = "PLAQUE"

CONTEXT_WORDS = (
    "immatriculé", "immatriculée", "immatriculation", "l'immatriculation", "plaque", "véhicule",
    "voiture", "carte grise", "auto", "moto", "scooter", "camion", "camionnette", "utilitaire",
    "licence plate", "license plate", "plate", "car", "vehicle", "registration",
)  # fmt: skip

_SIV_LETTERS = "A-HJ-NP-TV-Z"
SIV_HYPHENATED = re.compile(
    rf"(?<![\w-])(?!SS|WW)[{_SIV_LETTERS}]{{2}}-(?!000)\d{{3}}-(?!SS)[{_SIV_LETTERS}]{{2}}(?![\w-])"
)
SIV_PLAIN = re.compile(
    rf"(?<![\w-])(?!SS|WW)[{_SIV_LETTERS}]{{2}}\s?(?!000)\d{{3}}\s?(?!SS)[{_SIV_LETTERS}]{{2}}(?![\w-])"
)
FNI = re.compile(
    r"(?<![\w-])\d{1,4}[\s-]?[A-Z]{1,3}[\s-]?(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97\d)(?![\w-])"
)


def plate_recognizer() -> IdentifierRecognizer:
    """SIV plates (0.85 with hyphens, 0.6 without, 0.95 after a cue), FNI only after a cue."""
    rules = [
        Rule("SIV avec tirets", SIV_HYPHENATED, 0.85, 0.95),
        Rule("SIV sans tirets", SIV_PLAIN, 0.6, 0.95),
        Rule("FNI", FNI, None, 0.8),
    ]
    return IdentifierRecognizer(entity=ENTITY, rules=rules, context_words=CONTEXT_WORDS)
