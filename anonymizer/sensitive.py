"""Sensitive topics of the charter (health, social situation, HR, opinions, sexuality, justice, minors).

Terms are matched on the spaCy Doc Presidio already built: on lemmas (so "a perdu son emploi"
matches "perdre son emploi"), on lower-case surface forms, and acronyms on their exact
upper-case spelling (RSA, not "rsa"). Ages under 18 ("10 ans", "aged 13", "né en 2015") are a
minor cue. Whether a topic concerns an identified person is decided by :mod:`anonymizer.linkage`.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from anonymizer.lexicons import category_lexicon, fold, is_chat_style, weak_terms

ACRONYM = re.compile(r"^[A-Z][A-Z0-9\-]{1,7}$")
# "10 ans" is an age only when nothing makes it a duration ("depuis 3 ans", "il y a 2 ans").
# A duration is written after "durée :", "travaillé", "bail de"... or followed by "de prison",
# "d'expérience", "renouvelable": none of those is someone's age.
AGE = re.compile(
    r"(?<!depuis )(?<!pendant )(?<!durant )(?<!dans )(?<!y a )(?<!pour )(?<!après )(?<!avant )(?<!les )"
    r"(?<!tous )(?<!sur )(?<!plus de )(?<!moins de )(?<!environ )(?<!ces )(?<!des )(?<!en )(?<!for )"
    r"(?<!durée : )(?<!durée: )(?<!durée de )(?<!travaillé )(?<!bail de )(?<!contrat de )(?<!mandat de )"
    r"(?<!période de )(?<!délai de )(?<!garantie de )(?<!sous )(?<!within )(?<!over )(?<!last )"
    r"\b(\d{1,2})\s?(?:ans|an|years?[\s-]old|yo)\b"
    r"(?!\s+(?:de prison|d['’]expérience|d['’]ancienneté|de travail|de service|de mandat|de bail|"
    r"renouvelables?|plus tard|auparavant|de suite|consécutifs|ferme|of experience|later|ago))"
    r"|\b(?:aged?|âgée?|âgé)\s+(?:de\s+)?(\d{1,2})\b",
    re.IGNORECASE,
)
BIRTH_YEAR = re.compile(r"\b(?:née?|née?s|born)\s+(?:en|in)\s+((?:19|20)\d{2})\b", re.IGNORECASE)
ADULT_AGE = 18
# Medicines: a brand name taken ("prend du Lévothyrox", "takes Ritalin") or an international
# non-proprietary name by its family ending ("oméprazole", "atorvastatine", "amoxicilline").
MEDICINE_TAKEN = re.compile(
    r"\b(?:prend|prends|prennent|prenait|prenaient|prendra|prendre|pris|prise|sous)\s+"
    r"(?:du|de la|de l['’]|des|d['’])\s*(?-i:[A-ZÀ-Þ][a-zà-ÿ]{3,}(?:-[A-Za-z]+)?)"
    r"|\b(?:takes|taking|took|prescribed)\s+(?-i:[A-Z][a-z]{3,})\b",
    re.IGNORECASE,
)
MEDICINE_FAMILY = re.compile(
    r"\b\w{3,}(?:prazole|statine|statin|cilline|cillin|azépam|azepam|zolam|olol|sartan|profène|profen|"
    r"oxétine|oxetine|pramine|ridone|triptan|cycline|mycine|mycin|tidine|semide|gliptine|formine)\b",
    re.IGNORECASE,
)
# Acronyms that are also everyday words once in lower case ("âme", "ris de veau").
ACRONYMS_AS_WORDS = frozenset({"ame", "ass", "ris", "ase", "apa"})
# Polite formulas and set phrases that hold a sensitive word without its meaning.
NEUTRAL_PHRASES = (
    "je vous prie",
    "vous prie",
    "te prie",
    "nous vous prions",
    "prière de",
    "prie d'agréer",
    "veuillez agréer",
    "merci de croire",
    "god bless",
    "thank god",
    "oh my god",
)
# "Non-conformités mineures", "réparations mineures": an adjective after a thing, not a minor.
MINOR_ADJECTIVES = frozenset({"mineur", "mineure", "mineurs", "mineures", "minor"})
PERSON_NOUNS = frozenset(
    fold(w)
    for w in (
        "personne",
        "personnes",
        "fille",
        "filles",
        "garçon",
        "garçons",
        "jeune",
        "jeunes",
        "enfant",
        "enfants",
        "patient",
        "patiente",
        "victime",
        "victimes",
        "étranger",
        "étrangère",
        "étrangers",
        "isolé",
        "isolés",
        "migrant",
        "migrants",
        "adhérent",
        "adhérente",
        "sportif",
        "sportive",
        "joueur",
        "joueuse",
    )
)
# An organisation's debt is its accounts, not a person's social situation.
DEBT_TERMS = frozenset(
    fold(w)
    for w in ("dette", "dettes", "impayé", "impayés", "endetté", "endettée", "debt", "debts")
)
ORGANISATION_WORDS = frozenset(
    fold(w)
    for w in (
        "association",
        "asso",
        "l'association",
        "club",
        "structure",
        "commune",
        "mairie",
        "entreprise",
        "société",
        "fédération",
        "asbl",
        "collectivité",
        "bailleur",
        "notre",
        "nos",
        "budget",
        "bilan",
        "comptes",
        "bancaire",
        "organisation",
        "charity",
        "company",
        "our",
    )
)
ORGANISATION_WINDOW = 6


@dataclass(frozen=True, slots=True)
class TopicMention:
    """One sensitive cue: its category and where it sits (characters and tokens)."""

    category: str
    start: int
    end: int
    token_start: int
    token_end: int


class TopicMatcher:
    """Finds the charter's sensitive topics in a Doc; built once per guard."""

    def __init__(
        self,
        nlp: Language,
        extra_terms: Mapping[str, Iterable[str]] | None = None,
        today: date | None = None,
    ) -> None:
        self._today = today
        self._by_lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._by_orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        lexicon = {c: list(terms) for c, terms in category_lexicon().items()}
        for category, terms in (extra_terms or {}).items():
            lexicon.setdefault(category, []).extend(terms)
        # Accents and case ignored ("delegue syndical"); acronyms in lower case only in chat style.
        self._by_folded = PhraseMatcher(nlp.vocab, attr="NORM")
        self._folded_acronyms = PhraseMatcher(nlp.vocab, attr="NORM")
        for category, terms in lexicon.items():
            self._add(nlp, category, terms)
            words = [self._as_folded(nlp, t) for t in terms if not ACRONYM.match(t)]
            acronyms = [
                self._as_folded(nlp, t)
                for t in terms
                if ACRONYM.match(t) and fold(t) not in ACRONYMS_AS_WORDS
            ]
            if words:
                self._by_folded.add(category, words)
            if acronyms:
                self._folded_acronyms.add(category, acronyms)
        self._neutral = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._neutral.add("neutral", [nlp.make_doc(p) for p in NEUTRAL_PHRASES])
        self._weak, cues = weak_terms()
        self._role_cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._role_cues.add("role", [nlp.make_doc(c.lower()) for c in cues])
        self._role_cues_by_lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._role_cues_by_lemma.add("role", [self._as_lemmas(nlp, c.lower()) for c in cues])

    @staticmethod
    def _as_lemmas(nlp: Language, term: str) -> Doc:
        doc = nlp.make_doc(term)
        for token in doc:
            token.lemma_ = token.text
        return doc

    @staticmethod
    def _as_folded(nlp: Language, term: str) -> Doc:
        doc = nlp.make_doc(term)
        for token in doc:
            token.norm_ = fold(token.text)
        return doc

    def _add(self, nlp: Language, category: str, terms: Iterable[str]) -> None:
        acronyms: list[str] = []
        words: list[str] = []
        for term in terms:
            (acronyms if ACRONYM.match(term) else words).append(term)
        if acronyms:
            self._by_orth.add(category, [nlp.make_doc(t) for t in acronyms])
        if not words:
            return
        self._by_lower.add(category, [nlp.make_doc(t.lower()) for t in words])
        # The term is written in lemma form: each token is its own lemma. Proper nouns keep
        # their case in spaCy's lemmas ("voté RN" -> "voter RN"), so both spellings are added.
        lemma_docs = [self._as_lemmas(nlp, term) for term in {*words, *(t.lower() for t in words)}]
        self._by_lemma.add(category, lemma_docs)

    def find(self, doc: Doc) -> list[TopicMention]:
        """Every sensitive cue in ``doc``, deduplicated, in text order."""
        seen: dict[tuple[str, int, int], TopicMention] = {}
        for token in doc:
            token.norm_ = fold(token.text)
        matchers = [self._by_orth, self._by_lower, self._by_lemma, self._by_folded]
        text = doc.text
        if is_chat_style(text):
            matchers.append(self._folded_acronyms)
        for matcher in matchers:
            for match_id, start, end in matcher(doc):
                category = doc.vocab.strings[match_id]
                span = doc[start:end]
                seen[(category, span.start_char, span.end_char)] = TopicMention(
                    category, span.start_char, span.end_char, start, end
                )
        for mention in [*self._ages(doc), *self._medicines(doc)]:
            seen[(mention.category, mention.start, mention.end)] = mention
        neutral = [doc[s:e] for _, s, e in self._neutral(doc)]
        mentions = [
            m
            for m in seen.values()
            if not self._neutralised(doc, m) and not self._not_meant(doc, m, neutral)
        ]
        return sorted(mentions, key=lambda m: (m.start, m.category))

    @staticmethod
    def _not_meant(doc: Doc, mention: TopicMention, neutral: list[Span]) -> bool:
        """A sensitive word used without its sensitive meaning.

        In a polite formula ("je vous prie d'agréer"); inside an institution's name ("Centre
        hospitalier de Lens"); "mineures" qualifying a thing; a debt that is the organisation's.
        """
        if any(p.start_char <= mention.start and mention.end <= p.end_char for p in neutral):
            return True
        span = doc[mention.token_start : mention.token_end]
        if not ACRONYM.match(span.text) and any(
            ent.label_ == "ORG"
            and ent.start <= span.start
            and span.end <= ent.end
            and len(ent) > len(span)
            and ent[0].text[:1].isupper()
            for ent in doc.ents
        ):
            return True
        first = doc[mention.token_start]
        if mention.category == "minor" and fold(first.text) in MINOR_ADJECTIVES and first.i > 0:
            previous = doc[first.i - 1]
            if previous.pos_ == "NOUN" and fold(previous.text) not in PERSON_NOUNS:
                return True
        if mention.category == "social" and fold(span.text) in DEBT_TERMS:
            window = doc[max(0, span.start - ORGANISATION_WINDOW) : span.end + ORGANISATION_WINDOW]
            return any(fold(t.text) in ORGANISATION_WORDS for t in window)
        return False

    def _neutralised(self, doc: Doc, mention: TopicMention) -> bool:
        """A weak term in a sentence that casts the person in a role ("bénévole à l'épicerie sociale")."""
        span = doc[mention.token_start : mention.token_end]
        lemmas = " ".join(t.lemma_ for t in span)
        if fold(span.text) not in self._weak and fold(lemmas) not in self._weak:
            return False
        sentence = doc[mention.token_start].sent.as_doc()
        return bool(self._role_cues(sentence)) or bool(self._role_cues_by_lemma(sentence))

    def _ages(self, doc: Doc) -> list[TopicMention]:
        mentions: list[TopicMention | None] = []
        this_year = (self._today or date.today()).year
        for match in AGE.finditer(doc.text):
            age = int(match.group(1) or match.group(2))
            if age < ADULT_AGE:
                mentions.append(self._mention(doc, match.start(), match.end()))
        for match in BIRTH_YEAR.finditer(doc.text):
            if this_year - int(match.group(1)) < ADULT_AGE:
                mentions.append(self._mention(doc, match.start(), match.end()))
        return [m for m in mentions if m is not None]

    def _medicines(self, doc: Doc) -> list[TopicMention]:
        text = doc.text
        matches = [*MEDICINE_TAKEN.finditer(text), *MEDICINE_FAMILY.finditer(text)]
        mentions = [self._mention(doc, m.start(), m.end(), "health") for m in matches]
        return [m for m in mentions if m is not None]

    @staticmethod
    def _mention(doc: Doc, start: int, end: int, category: str = "minor") -> TopicMention | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        return None if span is None else TopicMention(category, start, end, span.start, span.end)
