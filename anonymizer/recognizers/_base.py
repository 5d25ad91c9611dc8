"""Shared machinery of the French identifier recognizers: regex rules, checksums, context windows.

Presidio's own context booster only looks at the five preceding lemmas and needs the spaCy
model; identifiers that are meaningless without a cue word ("numéro allocataire 1234567") check
their cue here, on the raw text, so they score the same with or without the NLP pipeline.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

LANGUAGE = "fr"
CHECKSUM_SCORE = 1.0
CONTEXT_WINDOW_CHARS = 60

# A value must not be the tail of a longer run of digit groups ("06 12 34 56 78" holds "34 56 78").
NOT_AFTER_DIGITS = r"(?<!\d)(?<!\d[ .\-])"
# What people put between digit groups: spaces (no-break, thin and narrow ones pasted from French
# number formatting), dots, dashes, slashes, and a tab or a line break when a number is pasted
# from a spreadsheet or wrapped. Other writings are unified first by anonymizer.normalize.
SEP = r"[ .\u00a0\u2009\u202f/\t\n-]"


def cue_regex(words: Iterable[str]) -> re.Pattern[str]:
    """Compile cue words or phrases into one case-insensitive regex matching whole words.

    Spaces match any run of spaces and apostrophes match both ' and ’, so "carte d'identité"
    also finds "carte  d’identité"; a trailing plural s/x is accepted.
    """
    alternatives = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word.lower())
        escaped = escaped.replace(r"\ ", r"\s+").replace("'", "['’]").replace("’", "['’]")
        alternatives.append(escaped)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")[sx]?(?!\w)", re.IGNORECASE)


def build_result(
    recognizer: LocalRecognizer, name: str, start: int, end: int, score: float, method: str
) -> RecognizerResult:
    """A Presidio result whose score is final: Presidio's context booster will not add to it."""
    explanation = AnalysisExplanation(
        recognizer=name,
        original_score=score,
        pattern_name=method,
        textual_explanation=f"{name}: {method}",
    )
    return RecognizerResult(
        entity_type=recognizer.supported_entities[0],
        start=start,
        end=end,
        score=score,
        analysis_explanation=explanation,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
            # The recognizer already weighed its context: no second boost.
            RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
        },
    )


@dataclass(frozen=True, slots=True)
class Rule:
    """One way an identifier is written, and how sure a match of it is.

    ``score`` applies without any cue word (``None``: never reported without one);
    ``score_with_context`` when a cue word appears in the preceding window. ``group`` names the
    part of the match that is the identifier (the rest is anchoring text, e.g. "né le").
    """

    name: str
    pattern: re.Pattern[str]
    score: float | None
    score_with_context: float
    group: int | str = 0


class IdentifierRecognizer(LocalRecognizer):  # type: ignore[misc]
    """A regex recognizer with optional checksum and cue-word window, reporting French types.

    A checksum failure drops the match (a number whose key is wrong is not that identifier); a
    checksum success scores ``CHECKSUM_SCORE``.
    """

    def __init__(
        self,
        *,
        entity: str,
        rules: Sequence[Rule],
        context_words: Sequence[str],
        checksum: Callable[[str], bool] | None = None,
        window: int = CONTEXT_WINDOW_CHARS,
    ) -> None:
        self.rules = tuple(rules)
        self.checksum = checksum
        self.window = window
        self.cue = cue_regex(context_words)
        self.recognizer_name = f"{entity.title().replace('_', '')}Recognizer"
        super().__init__(
            supported_entities=[entity],
            supported_language=LANGUAGE,
            name=self.recognizer_name,
            context=[word.lower() for word in context_words],
        )

    def load(self) -> None:
        """Nothing to load: the rules are compiled at construction."""

    def has_cue_before(self, text: str, start: int) -> bool:
        """Whether a cue word ends in the ``window`` characters before ``start``."""
        return self.cue.search(text, max(0, start - self.window), start) is not None

    def analyze(
        self,
        text: str,
        entities: list[str],  # noqa: ARG002 (one entity only)
        nlp_artifacts: NlpArtifacts | None = None,  # noqa: ARG002 (raw-text rules)
    ) -> list[RecognizerResult]:
        """Find every rule's matches, validate them and score them by checksum and context."""
        results = []
        for rule in self.rules:
            for match in rule.pattern.finditer(text):
                start, end = match.span(rule.group)
                score = self._score(rule, text, start, match.group(rule.group))
                if score is not None:
                    results.append(
                        build_result(self, self.recognizer_name, start, end, score, rule.name)
                    )
        return list(LocalRecognizer.remove_duplicates(results))

    def _score(self, rule: Rule, text: str, start: int, value: str) -> float | None:
        if self.has_cue_before(text, start):
            score: float | None = rule.score_with_context
        else:
            score = rule.score
        if score is None or self.checksum is None:
            return score
        return CHECKSUM_SCORE if self.checksum(value) else None
