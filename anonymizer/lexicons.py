"""Word lists shipped with the anonymizer (``anonymizer/data/``), read once and extended by the policy."""

import tomllib
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from typing import Any

DATA = "data"


@lru_cache(maxsize=65536)  # called for every token of every prompt: words repeat a lot
def fold(text: str) -> str:
    """Case- and accent-insensitive form, for list look-ups ("Élodie" == "elodie")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


CHAT_UPPER_PER_CHARS = 500


def is_chat_style(text: str) -> bool:
    """Hardly a capital letter in the whole text: typed like a text message ("dis a kevin que…")."""
    return sum(c.isupper() for c in text) <= 1 + len(text) // CHAT_UPPER_PER_CHARS


@cache
def word_list(name: str) -> frozenset[str]:
    """A one-entry-per-line list, folded, without comments and blank lines."""
    text = resources.files("anonymizer").joinpath(f"{DATA}/{name}").read_text("utf-8")
    entries = (line.strip() for line in text.splitlines())
    return frozenset(fold(e) for e in entries if e and not e.startswith("#"))


@cache
def category_lexicon() -> dict[str, tuple[str, ...]]:
    """The built-in sensitive-category lexicons, category -> terms."""
    return {
        category: tuple(terms) for category, terms in _lexicon_file().items() if category != "weak"
    }


@cache
def weak_terms() -> tuple[frozenset[str], tuple[str, ...]]:
    """Terms that often describe the association's activity, and the role cues that neutralise them."""
    weak = _lexicon_file()["weak"]
    return frozenset(fold(t) for t in weak["terms"]), tuple(weak["role_cues"])


@cache
def _lexicon_file() -> dict[str, Any]:
    text = resources.files("anonymizer").joinpath(f"{DATA}/lexicon.toml").read_text("utf-8")
    return tomllib.loads(text)


def imperative_forms() -> frozenset[str]:
    """Forms of the verbs prompts start with: -er infinitives expand to their imperatives."""
    forms: set[str] = set()
    for entry in word_list("imperatives.txt"):
        verb = entry.split()[0]
        if verb.endswith("er") and " " not in entry:
            stem = verb[:-2]
            soft = stem + "e" if stem.endswith("g") else stem  # mangeons, rédigeons
            forms.update({stem + "e", stem + "ez", soft + "ons", stem + "es"})
        forms.add(verb)
    return frozenset(forms)
