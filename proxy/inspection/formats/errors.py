"""Why a payload could not be read; the guard blocks the request in every case."""

from typing import Literal

PayloadProblem = Literal[
    "malformed_json",
    "malformed_form",
    "malformed_multipart",
    "malformed_envelope",
    "invalid_utf8",
    "binary",
    "too_large",
    "bad_encoding",
    "unknown_format",
    "malformed_base64",
    "too_long",
]

PROBLEM_TEXT: dict[PayloadProblem, str] = {
    "malformed_json": "le contenu envoyé n'est pas un JSON valide",
    "malformed_form": "le formulaire envoyé est mal formé",
    "malformed_multipart": "l'envoi en plusieurs parties (multipart) est mal formé",
    "malformed_envelope": "l'enveloppe binaire du message est mal formée",
    "invalid_utf8": "le texte envoyé n'est pas de l'UTF-8 valide",
    "binary": "un fichier non textuel (image, PDF…) ne peut pas être vérifié",
    "too_large": "le contenu envoyé dépasse la taille que garde-ia sait vérifier",
    "bad_encoding": "la compression du contenu est inconnue ou invalide",
    "unknown_format": "le format de cette requête est inconnu",
    "malformed_base64": "un fichier joint (encodé en base64) est mal formé",
    "too_long": "message trop long pour être vérifié à temps : découpez-le en plusieurs messages plus courts",
}


class PayloadError(ValueError):
    """A body garde-ia cannot read safely; ``problem`` is a stable code for logs (no content)."""

    def __init__(self, problem: PayloadProblem) -> None:
        super().__init__(problem)
        self.problem: PayloadProblem = problem

    @property
    def french(self) -> str:
        """A plain French explanation for the volunteer."""
        return PROBLEM_TEXT[self.problem]
