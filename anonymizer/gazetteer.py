"""International first names, from gender-guesser's list (about 48,000 names, 55 countries).

The French model tags few English or South-Asian names ("Could Priya cover Saturday?",
"Maggie" alone under a mail). garde-ia's own list holds the first names common in France; this
one adds the names the package gives a real frequency in at least one country. It is read once,
from the package's data file (4 MB of text, no model), and only its names are kept.

File format (``nam_dict.txt``): a gender mark, the name from column 3, then one frequency digit
per country from column 30 (1 = rare … 9, A-D = very common); "+" joins spellings ("Anne+Marie"),
and names with non-ASCII letters are written with a markup ("<A/>") that is skipped here.
"""

import re
from functools import cache
from importlib import resources

from anonymizer.lexicons import fold

NAME_START, FREQUENCY_START, FREQUENCY_END = 3, 30, 85
SPELLING = re.compile(r"[^\W\d_]+(?:[- '][^\W\d_]+)*")
# Frequency from which a name counts: 3 keeps "Maggie" (US), "Priya" (India), "Siobhan"
# (Ireland) and leaves out one-off spellings.
MIN_FREQUENCY = 3
FREQUENCY_DIGITS = "123456789ABCD"


@cache
def international_first_names(min_frequency: int = MIN_FREQUENCY) -> frozenset[str]:
    """Folded first names frequent enough in at least one country; empty if the package is absent."""
    try:
        import gender_guesser  # type: ignore[import-untyped]  # its data file only, not its Detector
    except ModuleNotFoundError:  # pragma: no cover - a declared dependency
        return frozenset()
    text = resources.files(gender_guesser).joinpath("data/nam_dict.txt").read_text("utf-8")
    frequent = re.compile(f"[{FREQUENCY_DIGITS[min_frequency - 1 :]}]")
    names: set[str] = set()
    for line in text.splitlines():
        if line[:1] in "#=" or not frequent.search(line, FREQUENCY_START, FREQUENCY_END):
            continue
        name = line[NAME_START:FREQUENCY_START].strip()
        if "<" in name:
            continue
        for spelling in {name.replace("+", sep) for sep in ("", "-", " ")}:
            if SPELLING.fullmatch(spelling):  # the file's names are ASCII: lower() is their fold
                names.add(spelling.lower() if spelling.isascii() else fold(spelling))
    return frozenset(names)
