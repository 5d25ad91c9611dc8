"""A charter decision as JSON: the contract shared by ``garde-ia scan``, the guard's check service and the pages' API."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from anonymizer import Decision


def decision_to_json(decision: "Decision") -> dict[str, Any]:
    """The scan contract's fields for one decision."""
    return {
        "action": decision.action,
        "text": decision.text,
        "findings": [
            {"type": f.type, "start": f.start, "end": f.end, "score": f.score}
            for f in decision.findings
        ],
        "categories": list(decision.categories),
        "reasons": [
            {"rule": r.rule, "title": r.title, "detail": r.detail, "action": r.action}
            for r in decision.reasons
        ],
    }
