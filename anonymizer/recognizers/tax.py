"""Numéro fiscal (SPI): the 13-digit number of a taxpayer, printed on every avis d'impôt.

First digit 0 to 3; the last 3 digits are a key (first 10 digits mod 511), checked with
python-stdnum, so a number is reported only when its key is right.
"""

import re

from stdnum.fr import nif

from anonymizer.recognizers._base import (
    CHECKSUM_SCORE,
    NOT_AFTER_DIGITS,
    SEP,
    IdentifierRecognizer,
    Rule,
)

ENTITY = "NUMERO_FISCAL"

CONTEXT_WORDS = (
    "numéro fiscal", "spi", "n° fiscal", "impôts", "impots", "avis d'imposition",
    "avis d'impôt", "l'avis d'imposition", "déclaration de revenus", "fiscal", "identifiant fiscal",
    "tax", "tax number", "tax id", "taxpayer",
)  # fmt: skip

TAX_NUMBER_PATTERN = re.compile(
    NOT_AFTER_DIGITS
    + rf"[0-3]\d{SEP}?\d{{2}}{SEP}?\d{{3}}{SEP}?\d{{3}}{SEP}?\d{{3}}(?!\d)(?!{SEP}\d)"
)


def is_valid_tax_number(value: str) -> bool:
    """Whether ``value`` (any spacing) is a numéro fiscal with a correct key."""
    return bool(nif.is_valid(re.sub(SEP, "", value)))


def tax_number_recognizer() -> IdentifierRecognizer:
    """Numéro fiscal, spaced ("30 23 217 600 053") or not; reported only with a right key."""
    rule = Rule("SPI avec clé", TAX_NUMBER_PATTERN, CHECKSUM_SCORE, CHECKSUM_SCORE)
    return IdentifierRecognizer(
        entity=ENTITY, rules=[rule], context_words=CONTEXT_WORDS, checksum=is_valid_tax_number
    )
