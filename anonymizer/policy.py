"""The detection part of an organisation's charter policy: rules, categories, identifiers, lexicons.

The shipped defaults (``anonymizer/data/default_policy.toml``) follow the charter model of the
DLA Hauts-de-France (CC-BY-SA 4.0). An organisation's file only overrides what it writes; an
invalid value is an error naming the file and the field, never a silent fallback.
"""

import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from anonymizer.decision import Action
from anonymizer.entities import ENTITY_LABELS
from anonymizer.errors import PolicyError
from anonymizer.policy_messages import (
    describe_read_error,
    describe_toml_error,
    describe_validation_error,
)

Category = Literal["health", "social", "hr", "opinion", "sexuality", "justice", "minor"]
CATEGORIES: tuple[Category, ...] = (
    "health",
    "social",
    "hr",
    "opinion",
    "sexuality",
    "justice",
    "minor",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleSpec(_Strict):
    """A charter rule: its title, the charter's own words and advice on how to rephrase."""

    title: str = Field(min_length=1)
    text: str = Field(min_length=1)
    advice: str = Field(min_length=1)


class CategorySpec(_Strict):
    """What to do when a sensitive category concerns an identified person."""

    label: str = Field(min_length=1)
    action: Action
    rule: str


class IdentifierSpec(_Strict):
    """What to do with identifiers (names, contacts, numbers) when nothing sensitive is found."""

    default: Action = "pseudonymize"
    rule: str
    never_send_rule: str
    actions: dict[str, Action] = Field(default_factory=dict)

    @field_validator("actions")
    @classmethod
    def _known_kinds(cls, actions: dict[str, Action]) -> dict[str, Action]:
        unknown = sorted(set(actions) - ENTITY_LABELS.keys())
        if unknown:
            raise ValueError(
                f"type d'identifiant inconnu : {', '.join(unknown)} ; types possibles : "
                + ", ".join(sorted(ENTITY_LABELS))
            )
        return actions

    def action_for(self, entity_type: str) -> Action:
        """The action for one identifier type."""
        return self.actions.get(entity_type, self.default)


class DetectionSettings(_Strict):
    """Tuning and lexicon extensions."""

    score_threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    extra_terms: dict[Category, list[str]] = Field(default_factory=dict)
    public_figures: list[str] = Field(default_factory=list)
    first_names: list[str] = Field(default_factory=list)


class DetectionPolicy(_Strict):
    """Everything the anonymizer needs from the charter policy."""

    rules: dict[str, RuleSpec]
    categories: dict[Category, CategorySpec]
    identifiers: IdentifierSpec
    detection: DetectionSettings = Field(default_factory=DetectionSettings)

    @model_validator(mode="after")
    def _rules_exist(self) -> Self:
        referenced = {c.rule for c in self.categories.values()}
        referenced |= {self.identifiers.rule, self.identifiers.never_send_rule}
        missing = sorted(referenced - self.rules.keys())
        if missing:
            raise ValueError(f"règle inconnue : {', '.join(missing)} (à définir dans [rules])")
        absent = [c for c in CATEGORIES if c not in self.categories]
        if absent:
            raise ValueError(f"catégorie sans règle : {', '.join(absent)}")
        return self


def default_policy_data() -> dict[str, Any]:
    """The shipped defaults as a plain dict (to merge an organisation's file onto)."""
    text = resources.files("anonymizer").joinpath("data/default_policy.toml").read_text("utf-8")
    return tomllib.loads(text)


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge ``override`` onto ``base``: tables merge, every other value replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def build_detection_policy(data: Mapping[str, Any], source: str = "politique") -> DetectionPolicy:
    """Validate the detection sections of ``data`` merged onto the defaults."""
    sections = {
        k: data[k] for k in ("rules", "categories", "identifiers", "detection") if k in data
    }
    try:
        return DetectionPolicy.model_validate(merge(default_policy_data(), sections))
    except ValidationError as error:
        raise PolicyError(describe_validation_error(source, error)) from error


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML policy file, turning every failure into a PolicyError naming the file."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise PolicyError(describe_read_error(str(path), error)) from error
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(describe_toml_error(str(path), error)) from error
    except UnicodeDecodeError as error:
        raise PolicyError(f"{path} : le fichier n'est pas en UTF-8") from error


def load_detection_policy(path: Path | None = None) -> DetectionPolicy:
    """The detection policy from ``path`` (merged onto the defaults), or the defaults alone."""
    if path is None:
        return build_detection_policy({}, "politique par défaut")
    return build_detection_policy(read_toml(path), str(path))
