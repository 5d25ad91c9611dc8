"""The mistake report (self-reported data leak): validated input, error messages per field, the register draft.

The same model validates the local form and the JSON API. Nothing is stored until the whole report
is valid; the free text is checked by the anonymizer before storing (see :mod:`proxy.web.pages`).
Messages are written in French and translated by the caller's ``translate`` (English pages and API).
"""

import re
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from proxy.config.i18n import N_, Translate
from proxy.storage.incidents import IncidentDraft
from proxy.usage.events import utc_now

MAX_TEXT = 4000
OTHER_TOOL = "autre"
MINORS: dict[str, bool | None] = {"oui": True, "non": False, "inconnu": None}
FIELD_LABELS = {
    "tool_id": N_("Outil"),
    "happened_at": N_("Moment"),
    "data_categories": N_("Types de données"),
    "minors": N_("Mineur·e·s"),
    "approx_people": N_("Nombre de personnes"),
    "facts": N_("Ce qui s'est passé"),
    "measures_taken": N_("Ce qui a été fait"),
}
Category = Literal["identite", "identifiants", "sante", "social", "rh", "opinions", "autre"]


# The moment as a volunteer types it, in both languages: day/month/year, then the time if known.
TYPED_MOMENT = re.compile(
    r"\s*(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})"
    r"(?:\s*(?:à|a|at|,)?\s*(?P<hour>\d{1,2})\s*[:h]\s*(?P<minute>\d{2})?)?\s*",
    re.IGNORECASE,
)
MOMENT_EXAMPLES = {"fr": "%d/%m/%Y %H:%M", "en": "%d/%m/%Y %H:%M"}


def form_moment(typed: str) -> str:
    """The form's typed moment (``02/12/2026 14:30``, ``2/12/2026 à 14h``, a date alone) as ISO 8601.

    Anything else is passed on unchanged, to be refused with a message by the validation.
    A date without a time counts from midnight: the 72-hour window starts early rather than late.
    """
    found = TYPED_MOMENT.fullmatch(typed)
    if found is None:
        return typed.strip()
    try:
        moment = datetime(
            int(found["year"]),
            int(found["month"]),
            int(found["day"]),
            int(found["hour"] or 0),
            int(found["minute"] or 0),
        )
    except ValueError:
        return typed.strip()
    return moment.isoformat(timespec="minutes")


def moment_example(language: str) -> str:
    """An example of the typed moment, two hours ago, written the way the form reads it."""
    return (datetime.now() - timedelta(hours=2)).strftime(
        MOMENT_EXAMPLES.get(language, MOMENT_EXAMPLES["fr"])
    )


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
            raise ValueError(N_("le moment indiqué est dans le futur"))
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


def _message(kind: str, context: dict[str, object], _: Translate, given: object = None) -> str:
    empty = given is None or given == "" or given == () or given == []
    if kind == "too_short":
        return _("cochez au moins une case")
    if kind in ("missing", "string_too_short") or (kind == "int_parsing" and empty):
        return _("à remplir")
    if kind.startswith("datetime") and empty:
        return _("à remplir : choisissez une demande récente ou indiquez la date et l'heure")
    if kind == "literal_error" and empty:
        return _("à choisir")
    if kind == "string_too_long":
        return _("texte trop long (%(max)d caractères au plus)") % {"max": MAX_TEXT}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("un nombre entier est attendu")
    if kind in ("greater_than_equal", "less_than_equal"):
        return _("nombre hors des limites (de 1 à 1 000 000)")
    if kind.startswith("datetime"):
        return _("date et heure illisibles : écrivez-les comme 02/12/2026 14:30")
    if kind == "literal_error":
        return _("choix inconnu")
    if kind == "value_error":
        return _(str(context.get("error", N_("valeur invalide"))))
    if kind == "extra_forbidden":
        return _("champ inattendu")
    return _("valeur invalide")


def field_errors(error: ValidationError, translate: Translate = str) -> dict[str, str]:
    """One message per field in error, French unless ``translate`` says otherwise."""
    messages: dict[str, str] = {}
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "formulaire"
        messages.setdefault(
            field, _message(item["type"], dict(item.get("ctx") or {}), translate, item.get("input"))
        )
    return messages


def describe(messages: dict[str, str], translate: Translate = str) -> str:
    """All messages in one sentence."""
    _ = translate
    return _(" ; ").join(
        _("%(field)s : %(message)s")
        % {"field": _(FIELD_LABELS[f]) if f in FIELD_LABELS else f, "message": m}
        for f, m in messages.items()
    )
