"""Desktop notifications for what the guard did: the tool and the charter rule, never the data."""

from collections.abc import Callable, Iterable
from datetime import datetime

from proxy.storage.activity import RecentEvent

VERBS = {"block": "message bloqué", "pseudonymize": "données personnelles remplacées par des étiquettes"}


def notifications(
    events: Iterable[RecentEvent], after: datetime, tool_name: Callable[[str], str], rule_title: Callable[[str], str]
) -> list[str]:
    """One French sentence per blocked or pseudonymized request newer than ``after``, oldest first."""
    messages = []
    for event in sorted(events, key=lambda e: e.occurred_at):
        if event.occurred_at <= after or event.action not in VERBS:
            continue
        rules = " ; ".join(f"« {rule_title(r)} »" for r in event.rule_ids)
        suffix = f" (règle de la charte : {rules})" if rules else ""
        messages.append(f"{tool_name(event.tool_id)} : {VERBS[event.action]}{suffix}.")
    return messages
