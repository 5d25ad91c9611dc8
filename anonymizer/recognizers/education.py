"""INE: the national student number (identifiant national élève / étudiant), 11 characters.

Three writings: RNIE (9 digits + 2 letters), BEA (10 digits + 1 letter) and apprenticeship
(4 digits, "A", 5 digits, 1 letter). No public checksum, so a cue word is required.
"""

import re

from anonymizer.recognizers._base import IdentifierRecognizer, Rule

ENTITY = "INE"
SCORE_WITH_CONTEXT = 0.85

CONTEXT_WORDS = (
    "ine", "l'ine", "numéro ine", "identifiant national étudiant", "identifiant national élève",
    "numéro étudiant", "n° étudiant", "étudiant", "élève", "l'élève", "parcoursup", "scolarité",
    "apprenti", "l'apprenti", "student", "student number", "pupil",
)  # fmt: skip

INE_PATTERN = re.compile(r"(?<![\w-])(?:\d{9}[A-Z]{2}|\d{10}[A-Z]|\d{4}A\d{5}[A-Z])(?![\w-])")


def ine_recognizer() -> IdentifierRecognizer:
    """INE student numbers (RNIE, BEA, apprenticeship) after "INE", "étudiant" or "élève"."""
    rule = Rule("INE", INE_PATTERN, None, SCORE_WITH_CONTEXT)
    return IdentifierRecognizer(entity=ENTITY, rules=[rule], context_words=CONTEXT_WORDS)
