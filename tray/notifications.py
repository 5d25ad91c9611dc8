"""Desktop notifications for what the guard did: the tool and the charter rule, never the data."""

from collections.abc import Callable, Iterable
from datetime import datetime

from proxy.config.i18n import N_, Translate
from proxy.storage.activity import RecentEvent

VERBS = {
    "block": N_("message bloqué"),
    "pseudonymize": N_("données personnelles remplacées par des étiquettes"),
}


def notifications(
    events: Iterable[RecentEvent],
    after: datetime,
    tool_name: Callable[[str], str],
    rule_title: Callable[[str], str],
    translate: Translate = str,
) -> list[str]:
    """One sentence (French unless ``translate`` says otherwise) per blocked or pseudonymized request newer than ``after``, oldest first.

    Rule titles stay in the charter's own language.
    """
    _ = translate
    messages = []
    for event in sorted(events, key=lambda e: e.occurred_at):
        if event.occurred_at <= after or event.action not in VERBS:
            continue
        rules = " ; ".join(f"« {rule_title(r)} »" for r in event.rule_ids)
        suffix = _(" (règle de la charte : %(rules)s)") % {"rules": rules} if rules else ""
        messages.append(
            _("%(tool)s : %(what)s%(rule)s.")
            % {
                "tool": tool_name(event.tool_id),
                "what": _(VERBS[event.action]),
                "rule": suffix,
            }
        )
    return messages
