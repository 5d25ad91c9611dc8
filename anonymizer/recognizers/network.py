"""IP addresses (v4 and v6): they identify a connection, hence often a person."""

import ipaddress
import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import IpRecognizer

from anonymizer.recognizers._base import LANGUAGE

ENTITY = "ADRESSE_IP"

CONTEXT_WORDS = (
    "ip", "adresse ip", "l'adresse ip", "ipv4", "ipv6", "serveur", "box", "routeur", "connexion",
    "ip address", "server", "router", "host",
)  # fmt: skip

_IPV6_TAIL = re.compile(r"[0-9A-Fa-f:]+")


class FullIpRecognizer(IpRecognizer):  # type: ignore[misc]
    """Presidio's IP recognizer, extending IPv6 spans it cuts short ("2001:db8::" + "1")."""

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's matches, each extended to the longest valid address at the same start."""
        results: list[RecognizerResult] = super().analyze(
            text, entities, nlp_artifacts, regex_flags
        )
        for result in results:
            tail = _IPV6_TAIL.match(text, result.end)
            if tail and ":" in text[result.start : result.end]:
                candidate = text[result.start : tail.end()]
                try:
                    ipaddress.ip_address(candidate)
                except ValueError:
                    continue
                result.end = tail.end()
        return results


def ip_recognizer() -> FullIpRecognizer:
    """IP addresses (regex + ipaddress validation) under the French type name."""
    return FullIpRecognizer(
        context=list(CONTEXT_WORDS), supported_language=LANGUAGE, supported_entity=ENTITY
    )
