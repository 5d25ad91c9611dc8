"""Does a sensitive topic concern an identified person in the text?

The charter forbids sensitive data *about a person*; a topic on its own ("explique les conditions
du RSA", "comment accompagner un bénévole en dépression") is ordinary association work and must
pass. A topic is linked when an identifying finding (a name, a contact, an identifier) is in the
same sentence and close to it, or when the topic's sentence refers back to someone named just
before ("Marie vient demain. Elle est enceinte."). A minor cue ("10 ans", "élève") must sit right
beside the name it qualifies.
"""

from collections.abc import Sequence

from spacy.tokens import Doc

from anonymizer.decision import Finding
from anonymizer.lexicons import fold
from anonymizer.sensitive import TopicMention

SAME_SENTENCE_WINDOW = 25
MINOR_WINDOW = 6
SENTENCES_BACK = 3
BACK_REFERENCES = frozenset(
    fold(w)
    for w in (
        "il",
        "elle",
        "lui",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "celui-ci",
        "celle-ci",
        "l'",
        "le",
        "la",
        "he",
        "she",
        "him",
        "his",
        "her",
        "they",
        "their",
    )
)
# Findings that do not identify a person on their own.
NOT_IDENTIFYING = frozenset({"ADRESSE_IP"})


def linked_categories(
    doc: Doc, findings: Sequence[Finding], topics: Sequence[TopicMention]
) -> list[str]:
    """The categories of ``topics`` that concern a person identified by ``findings``."""
    ranges = (_token_range(doc, f) for f in findings if f.type not in NOT_IDENTIFYING)
    anchors = [r for r in ranges if r is not None]
    if not anchors:
        return []
    # A topic word inside a name is the name ("Christian", "Constance"), not the topic.
    names = [(f.start, f.end) for f in findings if f.type == "PERSONNE"]
    topics = [t for t in topics if not any(s <= t.start and t.end <= e for s, e in names)]
    linked = {t.category for t in topics if _is_linked(doc, t, anchors)}
    return sorted(linked)


def _token_range(doc: Doc, finding: Finding) -> tuple[int, int] | None:
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    return None if span is None else (span.start, span.end)


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _is_linked(doc: Doc, topic: TopicMention, anchors: list[tuple[int, int]]) -> bool:
    position = (topic.token_start, topic.token_end)
    sentence = doc[topic.token_start].sent
    if topic.category == "minor":
        return any(_distance(position, a) <= MINOR_WINDOW for a in anchors)
    if any(
        sentence.start <= a[0] < sentence.end and _distance(position, a) <= SAME_SENTENCE_WINDOW
        for a in anchors
    ):
        return True
    if not any(fold(t.text) in BACK_REFERENCES for t in sentence):
        return False
    sentences = list(doc.sents)
    index = next(i for i, s in enumerate(sentences) if s.start == sentence.start)
    earlier = sentences[max(0, index - SENTENCES_BACK) : index]
    return any(s.start <= a[0] < s.end for s in earlier for a in anchors)
