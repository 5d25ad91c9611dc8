"""Later mentions of a person already found: same person, same placeholder.

A pasted mail says "De : Bénédicte Fauvel" and is signed "Bénédicte" or "B.F."; a table has
"FAUVEL" in one column and "Bénédicte" in the next; the next message of the conversation says
"Fauvel" alone. Once a person is found (in this text or earlier in the conversation, through the
vault), every later mention of one of their name's parts — first name, surname, ALL-CAPS surname,
a short form such as "Kev" for Kevin, initials "B.F." — is that same person. Each mention is
reported as a finding and mapped to the full name, so the vault gives it the full name's placeholder.
Only capitalised mentions count: "rose" in lower case is a flower even when Rose Lemaire was named.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from anonymizer.decision import Finding
from anonymizer.lexicons import fold
from anonymizer.names import NOT_NAMES

ENTITY = "PERSONNE"
MENTION_SCORE = 0.8
MIN_PART = 3
MIN_SHORT_FORM = 3
WORD = re.compile(r"(?<![\w@.])[^\W\d_][\w'’\-]*(?![\w@])")
INITIALS = re.compile(r"(?<![\w.@])([A-ZÀ-ÖØ-Þ])\.\s?([A-ZÀ-ÖØ-Þ])\.(?![\w@])")
INITIAL_BEFORE = re.compile(r"(?<![\w.@])[A-ZÀ-ÖØ-Þ]\.\s?$")
PARTICLES = frozenset(
    {
        "de",
        "du",
        "des",
        "d'",
        "le",
        "la",
        "les",
        "van",
        "von",
        "der",
        "den",
        "da",
        "di",
        "ben",
        "ibn",
        "el",
        "al",
        "mc",
        "o'",
    }
)
TITLES = frozenset(
    fold(t) for t in ("m", "mme", "mlle", "mr", "mrs", "ms", "dr", "me", "pr", "monsieur", "madame")
)
# Words before a part that make it a place, not the person ("rue Fauvel", "école Lefort").
PLACE_BEFORE = frozenset(
    fold(w)
    for w in (
        "rue",
        "avenue",
        "boulevard",
        "place",
        "allée",
        "impasse",
        "chemin",
        "route",
        "quai",
        "square",
        "école",
        "collège",
        "lycée",
        "salle",
        "centre",
        "espace",
        "maison",
        "gymnase",
        "stade",
        "parc",
        "résidence",
        "street",
        "road",
        "school",
        "hall",
        "chaussée",
        "straat",
        "laan",
    )
)


def name_parts(value: str) -> list[str]:
    """The folded words of a name that can stand for the person alone (no particle or title)."""
    words = [w.strip(".'’-") for w in re.split(r"[\s,]+", value)]
    return [
        fold(w)
        for w in words
        if len(w) >= MIN_PART and fold(w) not in PARTICLES | TITLES | NOT_NAMES
    ]


@dataclass(frozen=True, slots=True)
class Mentions:
    """New findings for later mentions, and each mention's full name (for the vault)."""

    findings: tuple[Finding, ...]
    aliases: tuple[tuple[str, str], ...]  # (as written, full name)


SHARED = ""  # a part two people share ("Rose" of Rose Lemaire and Rose Dubois): a person, no alias


def _owners(names: Iterable[str]) -> dict[str, str]:
    """Each name part -> the longest full name it belongs to (``SHARED`` when two people have it)."""
    owners: dict[str, str] = {}
    ordered = sorted({" ".join(n.split()) for n in names}, key=lambda n: -len(name_parts(n)))
    for name in ordered:
        parts = name_parts(name)
        for part in parts:
            if part not in owners:
                owners[part] = name
            elif owners[part] and not set(parts) <= set(name_parts(owners[part])):
                owners[part] = SHARED
    return owners


def _initials(name: str) -> str:
    parts = name_parts(name)
    return "".join(p[0] for p in parts[:2]).upper() if len(parts) >= 2 else ""


def _is_mention_word(word: str) -> bool:
    return word[:1].isupper()


def find_mentions(text: str, findings: Sequence[Finding], known: Iterable[str] = ()) -> Mentions:
    """Mentions of the people in ``findings`` (and ``known`` earlier names) not yet found."""
    persons = [text[f.start : f.end] for f in findings if f.type == ENTITY]
    owners = _owners([*persons, *known])
    if not owners:
        return Mentions((), ())
    taken = sorted((f.start, f.end) for f in findings)
    new: list[Finding] = []
    aliases: dict[str, str] = {}

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken) and not any(
            f.start < end and start < f.end for f in new
        )

    for match in WORD.finditer(text):
        word = match.group()
        owner = _owner_of(word, owners)
        if owner is None or not _is_mention_word(word) or not free(match.start(), match.end()):
            continue
        if _after_place_word(text, match.start()):
            continue
        start = match.start()
        initial = INITIAL_BEFORE.search(text, max(0, start - 4), start)
        if initial and free(initial.start(), start):
            start = initial.start()  # "B. Fauvel": the initial goes with the surname
        new.append(Finding(ENTITY, start, match.end(), MENTION_SCORE))
        if owner:
            aliases[text[start : match.end()]] = owner
    by_initials: dict[str, str] = {}
    for name in {o for o in owners.values() if o}:
        key = _initials(name)
        if key:
            by_initials[key] = name if key not in by_initials else SHARED
    for match in INITIALS.finditer(text):
        owner = by_initials.get(match.group(1) + match.group(2))
        if owner and free(match.start(), match.end()):
            new.append(Finding(ENTITY, match.start(), match.end(), MENTION_SCORE))
            aliases[match.group()] = owner
    for finding in findings:  # names found on their own ("Bonjour Bernard") join their full name
        if finding.type == ENTITY:
            value = text[finding.start : finding.end]
            owner = _owner_of_all(value, owners)
            if owner and fold(owner) != fold(value):
                aliases[value] = owner
    return Mentions(tuple(sorted(new, key=lambda f: f.start)), tuple(aliases.items()))


def _owner_of(word: str, owners: dict[str, str]) -> str | None:
    folded = fold(word.strip("'’-"))
    if len(folded) < MIN_PART:
        return None
    if folded in owners:
        return owners[folded]
    if len(folded) < MIN_SHORT_FORM or not word[:1].isupper():
        return None
    # A short form: "Kev" for Kevin, "Anne-So" for Anne-Sophie (at least half of the name).
    candidates = {
        o
        for part, o in owners.items()
        if part.startswith(folded) and len(folded) * 2 >= len(part) and len(part) > len(folded)
    }
    return candidates.pop() if len(candidates) == 1 else None


def _owner_of_all(value: str, owners: dict[str, str]) -> str | None:
    parts = value.split()
    found = {_owner_of(p, owners) for p in parts if fold(p) not in PARTICLES | TITLES}
    return found.pop() if len(found) == 1 and parts else None


def _after_place_word(text: str, start: int) -> bool:
    before = text[max(0, start - 30) : start].split()
    while before and fold(before[-1]) in PARTICLES:
        before.pop()
    return bool(before) and fold(before[-1]) in PLACE_BEFORE
