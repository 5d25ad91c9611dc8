"""The mistake report (self-reported data leak): validated input, French error messages, the register draft.

The same model validates the local form and the JSON API. Nothing is stored until the whole report
is valid; the free text is checked by the anonymizer before storing (see :mod:`proxy.web.pages`).
"""

from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from proxy.events import utc_now
from proxy.storage.incidents import IncidentDraft

MAX_TEXT = 4000
OTHER_TOOL = "autre"
DATA_CATEGORIES: dict[str, str] = {
    "identite": "Noms, coordonnées (adresse, téléphone, e-mail)",
    "identifiants": "Numéros officiels (sécurité sociale, IBAN, papiers d'identité)",
    "sante": "Santé",
    "social": "Situation sociale ou familiale",
    "rh": "Données RH (salarié·es, bénévoles)",
    "opinions": "Opinions, religion, orientation",
    "autre": "Autre",
}
MINORS: dict[str, bool | None] = {"oui": True, "non": False, "inconnu": None}
FIELD_LABELS = {
    "tool_id": "Outil",
    "happened_at": "Moment",
    "data_categories": "Types de données",
    "minors": "Mineur·e·s",
    "approx_people": "Nombre de personnes",
    "facts": "Ce qui s'est passé",
    "measures_taken": "Ce qui a été fait",
}
Category = Literal["identite", "identifiants", "sante", "social", "rh", "opinions", "autre"]


class ReportInput(BaseModel):
    """One mistake report as typed by a volunteer."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    tool_id: str = Field(min_length=1, max_length=64)
    happened_at: datetime
    data_categories: tuple[Category, ...] = Field(min_length=1)
    minors: Literal["oui", "non", "inconnu"]
    approx_people: int = Field(ge=1, le=1_000_000)
    facts: str = Field(min_length=1, max_length=MAX_TEXT)
    measures_taken: str = Field(default="", max_length=MAX_TEXT)
    confirm_personal_data: bool = False

    @field_validator("happened_at")
    @classmethod
    def _past_and_aware(cls, value: datetime) -> datetime:
        aware = value if value.tzinfo else value.astimezone()  # a form gives local time
        if aware > utc_now() + timedelta(minutes=5):
            raise ValueError("le moment indiqué est dans le futur")
        return aware

    def free_texts(self) -> tuple[str, ...]:
        """The texts the volunteer wrote (checked for personal data before storing)."""
        return tuple(t for t in (self.facts, self.measures_taken) if t)

    def draft(self, reporter_id: str, known_tools: set[str]) -> IncidentDraft:
        """The register entry; the moment chosen counts as discovery (the 72-hour window starts early)."""
        return IncidentDraft(
            facts=self.facts,
            discovered_at=self.happened_at,
            reporter_id=reporter_id,
            data_categories=self.data_categories,
            tool_id=self.tool_id if self.tool_id in known_tools else None,
            approx_people=self.approx_people,
            minors_involved=MINORS[self.minors],
            measures_taken=self.measures_taken,
        )


def _message(kind: str, context: dict[str, object]) -> str:
    if kind in ("missing", "string_too_short", "too_short"):
        return "à remplir"
    if kind == "string_too_long":
        return f"texte trop long ({MAX_TEXT} caractères au plus)"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "un nombre entier est attendu"
    if kind in ("greater_than_equal", "less_than_equal"):
        return "nombre hors des limites (de 1 à 1 000 000)"
    if kind.startswith("datetime"):
        return "date et heure illisibles"
    if kind == "literal_error":
        return "choix inconnu"
    if kind == "value_error":
        return str(context.get("error", "valeur invalide"))
    if kind == "extra_forbidden":
        return "champ inattendu"
    return "valeur invalide"


def french_errors(error: ValidationError) -> dict[str, str]:
    """One French message per field in error."""
    messages: dict[str, str] = {}
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "formulaire"
        messages.setdefault(field, _message(item["type"], dict(item.get("ctx") or {})))
    return messages


def describe(messages: dict[str, str]) -> str:
    """All messages in one sentence."""
    return " ; ".join(f"{FIELD_LABELS.get(f, f)} : {m}" for f, m in messages.items())
