"""Belgian national register number (numéro de registre national), "85.07.30-033.28".

Birth date, a serial number and a mod-97 key, checked with python-stdnum.
"""

import re

from stdnum.be import nn

from anonymizer.recognizers._base import (
    CHECKSUM_SCORE,
    NOT_AFTER_DIGITS,
    SEP,
    IdentifierRecognizer,
    Rule,
)

ENTITY = "NUMERO_NATIONAL_BE"

CONTEXT_WORDS = (
    "registre national", "numéro national", "n° national", "niss", "numéro de registre national",
    "belge", "belgique", "carte d'identité belge", "rijksregisternummer",
    "national register", "national number", "belgian",
)  # fmt: skip

_S = rf"(?:{SEP}|-)?"
NATIONAL_NUMBER_PATTERN = re.compile(
    NOT_AFTER_DIGITS + rf"\d{{2}}{_S}\d{{2}}{_S}\d{{2}}{_S}\d{{3}}{_S}\d{{2}}(?!\d)(?!{SEP}\d)"
)


def is_valid_national_number(value: str) -> bool:
    """Whether ``value`` (any punctuation) is a Belgian national number with a right key."""
    return bool(nn.is_valid(re.sub(r"\D", "", value)))


def belgian_national_number_recognizer() -> IdentifierRecognizer:
    """Belgian national numbers, punctuated or not; reported only with a right key."""
    rule = Rule("registre national", NATIONAL_NUMBER_PATTERN, CHECKSUM_SCORE, CHECKSUM_SCORE)
    return IdentifierRecognizer(
        entity=ENTITY,
        rules=[rule],
        context_words=CONTEXT_WORDS,
        checksum=is_valid_national_number,
    )
