"""Bank identifiers: IBAN (every country, ISO 13616 mod 97) and payment card numbers (Luhn).

Both reuse Presidio's recognizers for the matching and swap in python-stdnum for the check, so
the check is the reference one and no matched value ever reaches a log line (Presidio's IBAN
validator logs the text it fails to parse).
"""

import re
from typing import Any

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer, IbanRecognizer
from stdnum import iban, luhn

from anonymizer.recognizers._base import LANGUAGE, NOT_AFTER_DIGITS

IBAN_ENTITY = "IBAN"
CARD_ENTITY = "CARTE_BANCAIRE"

IBAN_CONTEXT = (
    "iban", "rib", "relevé d'identité bancaire", "le rib", "l'iban", "compte", "compte bancaire",
    "banque", "virement", "prélèvement", "coordonnées bancaires", "bic",
    "bank", "account", "bank account", "transfer", "wire",
)  # fmt: skip
CARD_CONTEXT = (
    "carte bancaire", "carte bleue", "cb", "carte de crédit", "carte de paiement", "visa",
    "mastercard", "amex", "american express", "numéro de carte", "paiement", "payer",
    "credit card", "card", "card number", "debit card", "payment",
)  # fmt: skip

# 16 digits in groups of 4 (Visa, Mastercard, CB, Maestro) and 15 in 4-6-5 (American Express),
# never the middle of a longer run of digit groups (an IBAN's body, a phone number).
CARD_PATTERNS = [
    Pattern(
        "Carte 16 chiffres",
        NOT_AFTER_DIGITS + r"(?:4\d{3}|5[1-5]\d{2}|2[2-7]\d{2}|6\d{3})(?:[ -]?\d{4}){3}(?![ -]?\d)",
        0.3,
    ),
    Pattern(
        "American Express", NOT_AFTER_DIGITS + r"3[47]\d{2}[ -]?\d{6}[ -]?\d{5}(?![ -]?\d)", 0.3
    ),
]


def _compact(value: str) -> str:
    return "".join(character for character in value if character.isalnum())


# An IBAN written in lower case; only these runs are upper-cased (ASCII: offsets never move).
_LOWER_IBAN = re.compile(r"(?<![\w])[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?(?!\w)")


class IbanChecksumRecognizer(IbanRecognizer):  # type: ignore[misc]
    """Presidio's IBAN matcher, validated by python-stdnum (structure per country + mod 97).

    An IBAN typed in lower case ("fr76 3000…") is still one: the text is matched upper-cased.
    """

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: Any = None,
        regex_flags: Any = None,
    ) -> list[Any]:
        """Presidio's analysis, lower-case IBANs upper-cased first (same offsets)."""
        upper = _LOWER_IBAN.sub(lambda m: m.group().upper(), text)
        result: list[Any] = super().analyze(upper, entities, nlp_artifacts, regex_flags)
        return result

    def validate_result(self, pattern_text: str) -> bool:
        """Whether the matched text is a valid IBAN (national bank registries are not consulted)."""
        return bool(iban.is_valid(_compact(pattern_text), check_country=False))


class LuhnCardRecognizer(CreditCardRecognizer):  # type: ignore[misc]
    """Presidio's card recognizer with card-shaped patterns only, validated by Luhn."""

    def validate_result(self, pattern_text: str) -> bool:
        """Whether the matched digits pass the Luhn check."""
        return bool(luhn.is_valid(_compact(pattern_text)))


def iban_recognizer() -> IbanChecksumRecognizer:
    """IBAN of any country, spaced or not; scores 1.0 when the checksum is right."""
    return IbanChecksumRecognizer(
        supported_language=LANGUAGE, supported_entity=IBAN_ENTITY, context=list(IBAN_CONTEXT)
    )


def card_recognizer() -> LuhnCardRecognizer:
    """Payment card numbers; scores 1.0 when the Luhn check passes, dropped otherwise."""
    return LuhnCardRecognizer(
        patterns=CARD_PATTERNS,
        supported_language=LANGUAGE,
        supported_entity=CARD_ENTITY,
        context=list(CARD_CONTEXT),
    )
