"""Numbers given by social services: CAF/MSA allocataire number and France Travail identifier.

Neither has a public checksum and their shapes (7 or 8 digits) are everywhere, so each is
reported only after its own cue word ("numéro allocataire", "CAF", "France Travail").
"""

import re

from anonymizer.recognizers._base import NOT_AFTER_DIGITS, IdentifierRecognizer, Rule

CAF_ENTITY = "NUMERO_CAF"
FRANCE_TRAVAIL_ENTITY = "IDENTIFIANT_FRANCE_TRAVAIL"
SCORE_WITH_CONTEXT = 0.8

CAF_CONTEXT = (
    "allocataire", "l'allocataire", "numéro allocataire", "n° allocataire", "caf", "la caf",
    "msa", "la msa", "dossier caf", "allocations familiales", "mon compte caf",
    "family allowance", "claimant number", "welfare",
)  # fmt: skip
FRANCE_TRAVAIL_CONTEXT = (
    "france travail", "pôle emploi", "pole emploi", "identifiant", "l'identifiant",
    "identifiant france travail", "demandeur d'emploi", "chômage", "allocation chômage",
    "jobseeker", "job seeker", "unemployment", "identifier",
)  # fmt: skip
# 7 digits, possibly after the 3-digit code of the CAF ("593 1234567").
CAF_PATTERN = re.compile(NOT_AFTER_DIGITS + r"(?:\d{3}[ /-])?\d{7}(?![\w])(?![ .-]\d)")
FRANCE_TRAVAIL_PATTERN = re.compile(
    NOT_AFTER_DIGITS + r"(?:\d{7}[A-Z0-9]|0\d{9}[A-Z0-9])(?![\w])(?![ .-]\d)"
)


def caf_number_recognizer() -> IdentifierRecognizer:
    """CAF/MSA allocataire numbers after "allocataire", "CAF" or "MSA"."""
    rule = Rule("numéro allocataire", CAF_PATTERN, None, SCORE_WITH_CONTEXT)
    return IdentifierRecognizer(entity=CAF_ENTITY, rules=[rule], context_words=CAF_CONTEXT)


def france_travail_recognizer() -> IdentifierRecognizer:
    """France Travail (ex-Pôle emploi) identifiers after "France Travail" or "identifiant"."""
    rule = Rule("identifiant France Travail", FRANCE_TRAVAIL_PATTERN, None, SCORE_WITH_CONTEXT)
    return IdentifierRecognizer(
        entity=FRANCE_TRAVAIL_ENTITY, rules=[rule], context_words=FRANCE_TRAVAIL_CONTEXT
    )
