"""What the anonymizer answers for a text: one action, the findings and the charter rules behind it."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

Action = Literal["allow", "pseudonymize", "block"]

# Severity order used to combine several texts of one request into one action.
ACTION_ORDER: dict[Action, int] = {"allow": 0, "pseudonymize": 1, "block": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected item: its type and where it is. Never its value."""

    type: str
    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an action was taken, naming the charter rule (``rule``) in words a volunteer understands."""

    rule: str
    title: str
    detail: str
    action: Action


@dataclass(frozen=True, slots=True)
class Decision:
    """The charter decision for one text.

    ``text`` is what may be sent: the original text for ``allow`` (byte for byte), the pseudonymized
    text for ``pseudonymize`` and ``None`` for ``block``.
    """

    action: Action
    text: str | None
    findings: tuple[Finding, ...] = ()
    categories: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = ()
    entity_counts: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def count(findings: tuple[Finding, ...]) -> dict[str, int]:
        """Count findings per type (what the usage log may keep)."""
        return dict(Counter(f.type for f in findings))


def strongest(actions: list[Action]) -> Action:
    """The most restrictive of several actions (``allow`` when there are none)."""
    return max(actions, key=ACTION_ORDER.__getitem__, default="allow")
