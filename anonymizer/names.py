"""Names of people in prompts: spaCy's PER entities, corrected for how prompts are written.

What the French news model gets wrong on prompts, and what this module does about it:
- the opening imperative ("Rédige", "Traduis", "Write") is tagged as a person: dropped;
- names after a title (M., Mme, Dr...) are sometimes missed: a title rule finds them;
- lower-case first names ("j'ai eu mohamed au tel") are missed: a first-name list, used only
  where a person is expected;
- ALL-CAPS surnames and particles (de Montigny, Le Goff, N'Diaye) are cut: spans are extended;
- names that are not personal data stay: public figures, and names inside place names
  ("rue Victor Hugo", "école Jules Ferry", "salle Pierre et Marie Curie").
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc, Span, Token

from anonymizer.gazetteer import international_first_names
from anonymizer.lexicons import fold, imperative_forms, is_chat_style, word_list

ENTITY = "PERSONNE"
NER_SCORE = 0.85
TITLE_SCORE = 0.95
FIRST_NAME_SCORE = 0.75

TITLES = frozenset(
    fold(t)
    for t in (
        "M",
        "M.",
        "Mr",
        "Mr.",
        "Mme",
        "Mmes",
        "Mlle",
        "Monsieur",
        "Madame",
        "Mademoiselle",
        "Dr",
        "Dr.",
        "Docteur",
        "Docteure",
        "Me",
        "Maître",
        "Pr",
        "Professeur",
        "Professeure",
        "Mrs",
        "Mrs.",
        "Ms",
        "Ms.",
        "Miss",
        "Mister",
    )
)
PARTICLES = frozenset(
    {"de", "du", "des", "d'", "le", "la", "van", "von", "der", "da", "di", "ben", "ibn", "el", "al"}
)
# Nouns that turn the following name into a place or an institution, not a person.
PLACE_NOUNS = frozenset(
    fold(w)
    for w in (
        "rue",
        "avenue",
        "av",
        "boulevard",
        "bd",
        "place",
        "allée",
        "impasse",
        "chemin",
        "route",
        "quai",
        "cours",
        "square",
        "parc",
        "jardin",
        "pont",
        "cité",
        "résidence",
        "école",
        "collège",
        "lycée",
        "université",
        "faculté",
        "salle",
        "centre",
        "espace",
        "maison",
        "gymnase",
        "stade",
        "piscine",
        "médiathèque",
        "bibliothèque",
        "hôpital",
        "clinique",
        "fondation",
        "institut",
        "prix",
        "musée",
        "théâtre",
        "station",
        "gare",
        "métro",
        "église",
        "rond-point",
        "esplanade",
        "halle",
        "foyer",
        "street",
        "road",
        "avenue",
        "school",
        "hall",
        "hospital",
        "foundation",
        "prize",
        "square",
    )
)
# Roles that follow a title without being a name ("madame la présidente", "monsieur le maire").
ROLE_NOUNS = frozenset(
    fold(w)
    for w in (
        "président",
        "présidente",
        "maire",
        "directeur",
        "directrice",
        "trésorier",
        "trésorière",
        "secrétaire",
        "adjoint",
        "adjointe",
        "préfet",
        "préfète",
        "député",
        "députée",
        "sénateur",
        "sénatrice",
        "ministre",
        "conseiller",
        "conseillère",
        "responsable",
        "délégué",
        "déléguée",
        "juge",
        "docteur",
        "professeur",
    )
)
# Words after a lower-case first name (or before it) that say a person is meant.
PERSON_CUES_BEFORE = frozenset(
    fold(w)
    for w in (
        "avec",
        "à",
        "a",
        "pour",
        "par",
        "chez",
        "de",
        "et",
        "eu",
        "vu",
        "appelé",
        "appeler",
        "contacté",
        "rencontré",
        "dit",
        "ami",
        "amie",
        "collègue",
        "voisin",
        "voisine",
        "bénévole",
        "fils",
        "fille",
        "frère",
        "sœur",
        "mère",
        "père",
        "cousin",
        "cousine",
        "mari",
        "femme",
        "copain",
        "copine",
        "rappeler",
        "relancer",
        "prévenir",
        "écrire",
        "with",
        "for",
        "to",
        "and",
    )
)
PERSON_CUES_AFTER = frozenset(
    fold(w)
    for w in (
        "m'",
        "m",
        "a",
        "est",
        "au",
        "et",
        "qui",
        "dit",
        "était",
        "sera",
        "va",
        "vient",
        "doit",
        "peut",
        "viendra",
        "arrive",
        "says",
        "is",
        "has",
        "will",
    )
)
# Capitalised words that open messages or lines and are never names.
NOT_NAMES = frozenset(
    fold(w)
    for w in (
        "Bonjour",
        "Bonsoir",
        "Salut",
        "Coucou",
        "Merci",
        "Cordialement",
        "Bien",
        "Hello",
        "Hi",
        "Dear",
        "Cher",
        "Chère",
        "Chers",
        "Madame",
        "Monsieur",
        "Objet",
        "PS",
        "NB",
        "Re",
        "Tél",
        "Tel",
        "Mail",
        "Email",
        "Note",
        "Thanks",
        "Regards",
        "Best",
        "Bises",
        "Amitiés",
        "Oui",
        "Non",
        "Voici",
        "Ok",
        "Important",
        "Urgent",
        # mail headers and forwarding marks
        "À",
        "Cc",
        "Cci",
        "Envoyé",
        "Sujet",
        "Date",
        "From",
        "To",
        "Sent",
        "Subject",
        "Fwd",
        "Fw",
        "TR",
        "RE",
        "Cheers",
        "Hey",
        "Salutations",
        # English questions open with a modal, never with a name ("Can you…")
        "Can",
        "Could",
        "Would",
        "Should",
        "Shall",
        # chat spellings ("jai eu fatou au tel")
        "jai",
        "stp",
        "svp",
        "mdr",
        "bjr",
        "slt",
        "tkt",
    )
)
# Capitalised words that are first names somewhere but here name a date or a place.
CALENDAR_WORDS = frozenset(
    fold(w)
    for w in (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Janvier",
        "Février",
        "Mars",
        "Avril",
        "Mai",
        "Juin",
        "Juillet",
        "Août",
        "Septembre",
        "Octobre",
        "Novembre",
        "Décembre",
        "Christmas",
        "Easter",
        "Noël",
        "Pâques",
        "Toussaint",
    )
)
PLACE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "from", "en", "au", "aux", "vers", "of", "dans", "sur"}
)
# "Kylian, 14 ans" / "Lola (8 ans)": a capitalised word before an age is a person.
AGE_AFTER = re.compile(r"\s*[,(]\s*(?:âgée? de\s+)?\d{1,3}\s?ans\b", re.IGNORECASE)
NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’\-]*$")
CAPS_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’\-]+$")


@dataclass(frozen=True, slots=True)
class NameLists:
    """The lists this recognizer uses, folded; built once per guard."""

    first_names: frozenset[str]
    public_figures: frozenset[str]
    imperatives: frozenset[str]
    international: frozenset[str] = frozenset()  # anonymizer/gazetteer.py

    @classmethod
    def build(
        cls, extra_first_names: Iterable[str] = (), extra_public: Iterable[str] = ()
    ) -> "NameLists":
        """The shipped lists plus the organisation's additions."""
        return cls(
            first_names=word_list("first_names.txt") | {fold(n) for n in extra_first_names},
            public_figures=word_list("public_figures.txt") | {fold(n) for n in extra_public},
            imperatives=imperative_forms(),
            international=international_first_names(),
        )


def _is_name_word(token: Token) -> bool:
    word = fold(token.text)
    return bool(NAME_WORD.match(token.text)) and word not in TITLES and word not in NOT_NAMES


class FrPersonRecognizer(EntityRecognizer):  # type: ignore[misc]
    """People's names, from the spaCy Doc Presidio already computed (no second NLP pass)."""

    def __init__(self, lists: NameLists) -> None:
        super().__init__(
            supported_entities=[ENTITY], supported_language="fr", name="FrPersonRecognizer"
        )
        self._lists = lists

    def load(self) -> None:
        """Nothing to load: the lists are given."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Find people's names in the Doc carried by ``nlp_artifacts`` (``text`` is its text)."""
        del text
        if ENTITY not in entities or nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc: Doc = nlp_artifacts.tokens
        spans: dict[tuple[int, int], float] = {}
        for start, end, score in self._candidates(doc):
            start, end = self._trim(doc, start, end)
            if start >= end or not self._is_personal(doc, start, end):
                continue
            start, end = self._extend(doc, start, end)
            key = (doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
            spans[key] = max(score, spans.get(key, 0.0))
        return [RecognizerResult(ENTITY, s, e, score) for (s, e), score in sorted(spans.items())]

    def _candidates(self, doc: Doc) -> Iterator[tuple[int, int, float]]:
        for ent in doc.ents:
            if ent.label_ == "PER":
                yield ent.start, ent.end, NER_SCORE
        yield from self._after_titles(doc)
        yield from self._first_names(doc)
        yield from self._international_names(doc)
        yield from self._chat_subjects(doc)
        yield from self._by_context(doc)

    def _after_titles(self, doc: Doc) -> Iterator[tuple[int, int, float]]:
        for token in doc:
            if fold(token.text) not in TITLES or token.i + 1 >= len(doc):
                continue
            if fold(token.text) in {"me", "m"} and token.text not in {"Me", "M"}:
                continue  # "me" the pronoun, "m" of "m'a"
            end = token.i + 1
            while (
                end < len(doc)
                and end - token.i <= 4
                and (
                    _is_name_word(doc[end])
                    or (
                        fold(doc[end].text) in PARTICLES
                        and end + 1 < len(doc)
                        and _is_name_word(doc[end + 1])
                    )
                )
            ):
                end += 1
            if end == token.i + 1 and self._lowercase_surname(doc[end]):
                end += 1  # "mme lefebvre": typed in lower case, still a name after a title
            if end > token.i + 1:
                yield token.i + 1, end, TITLE_SCORE

    @staticmethod
    def _lowercase_surname(token: Token) -> bool:
        return (
            token.is_alpha
            and token.is_lower
            and len(token.text) >= 3
            and not token.is_stop
            and fold(token.text) not in ROLE_NOUNS
            and token.pos_ not in {"VERB", "AUX", "ADP", "DET"}
        )

    def _international_names(self, doc: Doc) -> Iterator[tuple[int, int, float]]:
        """Capitalised first names from the international list ("Could Priya cover…", "> Maggie").

        Not at the start of a sentence unless a surname follows or the name is alone on its line
        (a signature); never after a determiner or a place preposition ("la France", "in Jordan").
        """
        for token in doc:
            word = fold(token.text)
            if (
                word not in self._lists.international
                or word in self._lists.first_names
                or word in CALENDAR_WORDS
                or len(token.text) < 3
                or not NAME_WORD.match(token.text)
                or token.is_upper
            ):
                continue
            if _after_place_word(token, tagged_place=True) and not _alone_on_line(token):
                continue
            end = token.i + 1
            while end < len(doc) and _is_name_word(doc[end]) and end - token.i <= 3:
                end += 1
            at_start = token.is_sent_start or doc_prev_is_break(token)
            if not at_start or end > token.i + 1 or _alone_on_line(token):
                yield token.i, end, FIRST_NAME_SCORE

    def _chat_subjects(self, doc: Doc) -> Iterator[tuple[int, int, float]]:
        """In chat style, a lower-case first name opening a clause before a verb ("fred est…")."""
        if not is_chat_style(doc.text):
            return
        for token in doc:
            word = token.text
            if not word.islower() or word not in self._lists.international or token.is_stop:
                continue
            opens = (
                token.i == 0
                or doc[token.i - 1].text in {":", ",", "\n", "-"}
                or token.is_sent_start
            )
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if opens and following is not None and following.pos_ in {"VERB", "AUX"}:
                yield token.i, token.i + 1, FIRST_NAME_SCORE

    def _first_names(self, doc: Doc) -> Iterator[tuple[int, int, float]]:
        for token in doc:
            if fold(token.text) not in self._lists.first_names or token.ent_type_ == "PER":
                continue
            if token.text[:1].isupper():
                end = token.i + 1
                while end < len(doc) and _is_name_word(doc[end]) and end - token.i <= 3:
                    end += 1
                if end == token.i + 1 and _after_place_word(token):
                    continue  # "in Jordan", "la France": a place
                yield token.i, end, FIRST_NAME_SCORE
            elif token.text.islower() and self._person_expected(doc, token):
                yield token.i, token.i + 1, FIRST_NAME_SCORE

    def _by_context(self, doc: Doc) -> Iterator[tuple[int, int, float]]:
        """Capitalised words the model missed, where only a person fits ("pour Germaine qui...")."""
        text = doc.text  # Doc.text joins every token on each access: read it once
        for token in doc:
            if not _is_name_word(token) or token.is_sent_start or token.ent_type_ == "PER":
                continue
            before_age = AGE_AFTER.match(text, token.idx + len(token.text)) is not None
            if before_age or token.pos_ == "PROPN" and self._person_expected(doc, token, both=True):
                yield token.i, token.i + 1, FIRST_NAME_SCORE

    @staticmethod
    def _person_expected(doc: Doc, token: Token, both: bool = False) -> bool:
        before = fold(doc[token.i - 1].text) if token.i > 0 else ""
        after = fold(doc[token.i + 1].text) if token.i + 1 < len(doc) else ""
        if both:
            return before in PERSON_CUES_BEFORE and after in PERSON_CUES_AFTER | {"qui"}
        return before in PERSON_CUES_BEFORE or after in PERSON_CUES_AFTER

    def _trim(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """Drop titles, punctuation and an opening imperative from the edges of a span."""
        while start < end and (
            fold(doc[start].text) in TITLES | NOT_NAMES
            or not doc[start].is_alpha
            and not _is_name_word(doc[start])
            or self._is_opening_verb(doc[start])
        ):
            start += 1
        while end > start and (
            not (doc[end - 1].is_alpha or _is_name_word(doc[end - 1]))
            or fold(doc[end - 1].text) in NOT_NAMES
        ):
            end -= 1
        while end > start and fold(doc[end - 1].text) in PARTICLES:
            end -= 1
        return start, end

    def _is_opening_verb(self, token: Token) -> bool:
        at_start = token.is_sent_start or token.i == 0 or doc_prev_is_break(token)
        word = fold(token.text)
        if not at_start or word in self._lists.first_names:
            return False
        return word in self._lists.imperatives or (
            token.pos_ == "VERB" and fold(token.lemma_) != word
        )

    def _is_personal(self, doc: Doc, start: int, end: int) -> bool:
        span = doc[start:end]
        after_title = start > 0 and fold(doc[start - 1].text) in TITLES
        chat = is_chat_style(doc.text)
        if not after_title and not any(
            _is_name_word(t)
            or fold(t.text) in self._lists.first_names
            or chat
            and t.text in self._lists.international
            and fold(t.text) not in NOT_NAMES
            for t in span
        ):
            return False
        if self._is_public_figure(doc, span) or self._in_place_name(doc, start):
            return False
        return not all(t.is_upper and len(t.text) <= 5 for t in span)  # acronyms: CAF, CPAM, ASE

    def _is_public_figure(self, doc: Doc, span: Span) -> bool:
        name = fold(span.text).removesuffix("'s").rstrip("'")  # "Nelson Mandela's years"
        if name in self._lists.public_figures:
            return True
        # "Curie" after "Marie" or "Gide" alone, when the full name is a public figure nearby.
        window = fold(doc[max(span.start - 3, 0) : min(span.end + 3, len(doc))].text)
        return any(name in figure and figure in window for figure in self._lists.public_figures)

    @staticmethod
    def _in_place_name(doc: Doc, start: int) -> bool:
        i = start - 1
        while i >= 0 and (fold(doc[i].text) in PARTICLES | {"et", "-"} or _is_name_word(doc[i])):
            i -= 1
        return i >= 0 and fold(doc[i].text) in PLACE_NOUNS

    @staticmethod
    def _extend(doc: Doc, start: int, end: int) -> tuple[int, int]:
        """Take in ALL-CAPS surnames and particled parts cut off by the model."""
        while end < len(doc):
            token = doc[end]
            if token.is_alpha and CAPS_WORD.match(token.text):
                end += 1
            elif (
                fold(token.text) in PARTICLES and end + 1 < len(doc) and _is_name_word(doc[end + 1])
            ):
                end += 2
            else:
                break
        if start > 0 and doc[start - 1].is_alpha and CAPS_WORD.match(doc[start - 1].text):
            start -= 1
        return start, end


def _after_place_word(token: Token, tagged_place: bool = False) -> bool:
    """Not a person: after a place word ("in Jordan", "la France", "75011 Paris") or tagged a place."""
    if tagged_place and token.ent_type_ == "LOC":
        return True
    if token.i == 0:
        return False
    previous = token.doc[token.i - 1]
    return fold(previous.text) in PLACE_PREPOSITIONS or previous.pos_ == "DET" or previous.like_num


def _alone_on_line(token: Token) -> bool:
    """A name alone on its line, quote marks aside: a signature ("Maggie", "> Nadia")."""
    doc = token.doc
    text = doc.text
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    line = text[start : len(text) if end == -1 else end]
    return line.strip(" \t>*-,.!") == token.text


def doc_prev_is_break(token: Token) -> bool:
    """True after a colon, a line break or a quote: a new instruction often starts there."""
    if token.i == 0:
        return True
    previous = token.doc[token.i - 1].text
    return previous in {":", "\n", "«", '"', "-", "•", "*"} or previous.endswith("\n")
