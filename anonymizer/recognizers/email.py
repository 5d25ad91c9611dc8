"""E-mail addresses, with Presidio's EmailRecognizer made strictly offline.

Presidio validates the domain with tldextract, whose default extractor downloads the public
suffix list on first use (a hang on a network that drops packets, and a call garde-ia must never
make). This recognizer uses an extractor limited to the snapshot bundled with tldextract.
"""

from functools import cache

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from anonymizer.recognizers._base import LANGUAGE

ENTITY = "EMAIL"

CONTEXT_WORDS = (
    "mail", "e-mail", "email", "courriel", "mél", "adresse électronique", "adresse mail",
    "l'adresse", "messagerie", "écrire", "gmail", "email address", "write", "contact",
)  # fmt: skip


@cache
def offline_extractor() -> tldextract.TLDExtract:
    """The tldextract extractor that never fetches: bundled suffix list, no disk cache."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


class OfflineEmailRecognizer(EmailRecognizer):  # type: ignore[misc]
    """EmailRecognizer whose domain check uses the bundled public suffix list only."""

    def validate_result(self, pattern_text: str) -> bool:
        """Whether the address ends with a real public suffix (".fr", ".org", ".co.uk"…)."""
        return offline_extractor()(pattern_text).fqdn != ""


def email_recognizer() -> OfflineEmailRecognizer:
    """E-mail addresses; 1.0 when the domain has a known suffix."""
    return OfflineEmailRecognizer(
        context=list(CONTEXT_WORDS), supported_language=LANGUAGE, supported_entity=ENTITY
    )
