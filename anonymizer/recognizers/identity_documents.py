"""Identity document numbers: passport and carte nationale d'identité (CNI).

Their shapes (9 or 12 letters and digits) match many other references, and no public checksum
exists outside the machine-readable zone, so they are reported only after a cue word.
"""

import re

from anonymizer.recognizers._base import IdentifierRecognizer, Rule

PASSPORT_ENTITY = "PASSEPORT"
ID_CARD_ENTITY = "CNI"
SCORE_WITH_CONTEXT = 0.85

PASSPORT_CONTEXT = (
    "passeport", "le passeport", "son passeport", "n° de passeport", "numéro de passeport",
    "passport", "passport number", "passport no",
)  # fmt: skip
ID_CARD_CONTEXT = (
    "carte d'identité", "carte nationale d'identité", "cni", "la cni", "pièce d'identité",
    "titre d'identité", "d'identité", "identité", "id card", "identity card", "national id",
)  # fmt: skip

PASSPORT_PATTERN = re.compile(r"(?<![\w-])\d{2}[A-Z]{2}\d{5}(?![\w-])")
# Old card (1995-2021): issue year and month, 3-character office code, 5-digit serial.
ID_CARD_OLD_PATTERN = re.compile(r"(?<![\w-])\d{4}[0-9A-Z]{3}\d{5}(?![\w-])")
# New card (since 2021): 9 capital letters and digits, with at least one digit.
ID_CARD_NEW_PATTERN = re.compile(r"(?<![\w-])(?=[A-Z]*\d)[0-9A-Z]{9}(?![\w-])")


def passport_recognizer() -> IdentifierRecognizer:
    """French passport numbers ("12AB34567") after "passeport"/"passport"."""
    rule = Rule("passeport", PASSPORT_PATTERN, None, SCORE_WITH_CONTEXT)
    return IdentifierRecognizer(
        entity=PASSPORT_ENTITY, rules=[rule], context_words=PASSPORT_CONTEXT
    )


def id_card_recognizer() -> IdentifierRecognizer:
    """Old (12 characters) and new (9 characters) CNI numbers after an identity-card cue."""
    rules = [
        Rule("CNI ancienne", ID_CARD_OLD_PATTERN, None, SCORE_WITH_CONTEXT),
        Rule("CNI nouvelle", ID_CARD_NEW_PATTERN, None, SCORE_WITH_CONTEXT),
    ]
    return IdentifierRecognizer(entity=ID_CARD_ENTITY, rules=rules, context_words=ID_CARD_CONTEXT)
