"""Telephone numbers: French (metropolitan and overseas) and international ones.

Every common writing of a French number is found, and any number written with + or 00.
python-phonenumbers (the library behind Presidio's PhoneRecognizer) finds and validates them,
with a minimal region list: FR for metropolitan numbers and anything international, and the
overseas departments whose national writing (0692…, 0590…, 0639…) is only valid in their own
region. Never LU or DE: there, postcodes and years ("75011", "2022") are valid phone numbers.
A valid number is a phone whatever the words around it; a context word makes it certain.
"""

import re

import phonenumbers
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from anonymizer.recognizers._base import LANGUAGE, build_result, cue_regex

ENTITY = "TELEPHONE"
NAME = "TelephoneRecognizer"
REGIONS = ("FR", "RE", "YT", "GP", "MQ", "GF")
# National prefixes of the overseas departments; their region's matcher (slow: it tries every
# digit run) only runs when one of them appears. FR alone handles every + or 00 writing.
OVERSEAS_PREFIXES = {
    "RE": re.compile(r"(?<!\d)0(?:262|263|269|639|69[23])"),
    "YT": re.compile(r"(?<!\d)0(?:269|639)"),
    "GP": re.compile(r"(?<!\d)0(?:590|69[01])"),
    "MQ": re.compile(r"(?<!\d)0(?:596|69[67])"),
    "GF": re.compile(r"(?<!\d)0(?:594|694)"),
}
VALID_NUMBER_SCORE = 0.75
WITH_CONTEXT_SCORE = 0.95
CONTEXT_WINDOW_CHARS = 40

CONTEXT_WORDS = (
    "téléphone", "tél", "tel", "portable", "mobile", "fixe", "numéro", "joindre", "appeler",
    "rappeler", "contacter", "sms", "whatsapp", "le portable", "l'appeler", "ligne", "standard",
    "phone", "telephone", "cell", "cellphone", "call", "number", "contact",
)  # fmt: skip

# phonenumbers only knows the ordinary space and U+00A0 as separators; U+202F (the narrow
# no-break space of French typography) and thin spaces become a plain space of the same
# length, so offsets do not move.
# "06/12/34/56/78": five slash-separated pairs (a date has three groups) become spaced pairs.
SLASHED = re.compile(r"(?<![\d/])0\d(?:/\d{2}){4}(?![\d/])")
# Overseas prefixes are looked for in the text without separators, so "06 90 12 34 56" and
# "0690123456" run the same regions and are found alike.
_SEPARATORS = re.compile(r"[\s.\-/()]+")
_SPACE_LIKE = str.maketrans({"\u202f": " ", "\u2009": " ", "\u2007": " "})


class FrenchPhoneRecognizer(LocalRecognizer):  # type: ignore[misc]
    """Valid phone numbers for the French regions, reported as ``TELEPHONE``."""

    def __init__(self) -> None:
        self.cue = cue_regex(CONTEXT_WORDS)
        super().__init__(
            supported_entities=[ENTITY],
            supported_language=LANGUAGE,
            name=NAME,
            context=list(CONTEXT_WORDS),
        )

    def load(self) -> None:
        """Nothing to load: phonenumbers' metadata is imported with the module."""

    def analyze(
        self,
        text: str,
        entities: list[str],  # noqa: ARG002 (one entity only)
        nlp_artifacts: NlpArtifacts | None = None,  # noqa: ARG002 (no NLP needed)
    ) -> list[RecognizerResult]:
        """Every valid number, once, without a stray opening parenthesis in its span."""
        searchable = SLASHED.sub(lambda m: m.group().replace("/", " "), text.translate(_SPACE_LIKE))
        spans: set[tuple[int, int]] = set()
        compact = _SEPARATORS.sub("", searchable)
        regions = ["FR"] + [
            region for region, prefix in OVERSEAS_PREFIXES.items() if prefix.search(compact)
        ]
        for region in regions:
            for match in phonenumbers.PhoneNumberMatcher(
                searchable, region, leniency=phonenumbers.Leniency.VALID
            ):
                start = match.start + (1 if match.raw_string.startswith("(") else 0)
                spans.add((start, match.end))
        spans |= _international_writings(searchable)
        spans |= _english_writings(searchable)
        results = [
            build_result(self, NAME, start, end, self._score(text, start), "phonenumbers")
            for start, end in spans
        ]
        return list(LocalRecognizer.remove_duplicates(results))

    def _score(self, text: str, start: int) -> float:
        window = max(0, start - CONTEXT_WINDOW_CHARS)
        if self.cue.search(text, window, start):
            return WITH_CONTEXT_SCORE
        return VALID_NUMBER_SCORE


def _international_writings(text: str) -> set[tuple[int, int]]:
    """Numbers written with + or 00 that have a possible length, even if unassigned or fictional.

    The explicit international prefix already says "phone number"; validity data lags behind
    real numbering plans (and UK drama numbers like +44 7700 900123 are not "valid").
    """
    if "+" not in text and "00" not in text:
        return set()
    matcher = phonenumbers.PhoneNumberMatcher(text, "FR", leniency=phonenumbers.Leniency.POSSIBLE)
    return {(m.start, m.end) for m in matcher if m.raw_string.lstrip("(").startswith(("+", "00"))}


# British numbers have 11 digits with a leading 0 (a French one has 10), grouped 5+6, 3+4+4 or
# 4+3+4; American ones are written (217) 555-0143 or 217-555-0143. Their test and drama ranges
# (07700 900…, 555-01…) are not "valid" for phonenumbers, yet people paste them: shape decides.
UK_NUMBER = re.compile(
    r"(?<![\d+])(?<!\d )0(?:7\d{3} ?\d{6}|\d{2} \d{4} \d{4}|\d{3} \d{3} \d{4}|\d{4} \d{6})(?! ?\d)"
)
US_NUMBER = re.compile(r"(?<![\w(])(?:\(\d{3}\) ?|\d{3}[-.])\d{3}[-.]\d{4}(?![\d\-])")


def _english_writings(text: str) -> set[tuple[int, int]]:
    """British and American national writings, found by their shape."""
    spans = {m.span() for m in UK_NUMBER.finditer(text)}
    spans |= {m.span() for m in US_NUMBER.finditer(text)}
    return spans


def phone_recognizer() -> FrenchPhoneRecognizer:
    """Valid phone numbers: 0.75 alone, 0.95 after a word such as "tél" or "portable"."""
    return FrenchPhoneRecognizer()
