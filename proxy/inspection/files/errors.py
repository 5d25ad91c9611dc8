"""Why a file could not be read; the guard blocks the upload in every case (never forwarded unread)."""

from typing import Literal

FileProblem = Literal[
    "too_large",
    "zip_bomb",
    "too_many_entries",
    "too_long",
    "malformed",
    "type_mismatch",
    "timeout",
]

PROBLEM_TEXT: dict[FileProblem, str] = {
    "too_large": "le fichier dépasse la taille que garde-ia sait vérifier",
    "zip_bomb": "le fichier se décompresse en un volume anormal (possible « bombe de décompression »)",
    "too_many_entries": "le fichier contient un nombre anormal de parties internes",
    "too_long": "le document est trop long pour être vérifié (pages, lignes ou cellules)",
    "malformed": "le fichier est endommagé ou mal formé, son contenu ne peut pas être lu",
    "type_mismatch": "l'extension ou le type annoncé du fichier ne correspond pas à son contenu",
    "timeout": "la lecture du fichier a pris trop de temps",
}


class FileError(ValueError):
    """A file garde-ia cannot read safely; ``problem`` is a stable code for logs (no content)."""

    def __init__(self, problem: FileProblem) -> None:
        super().__init__(problem)
        self.problem: FileProblem = problem

    @property
    def french(self) -> str:
        """A plain French explanation for the volunteer."""
        return PROBLEM_TEXT[self.problem]
