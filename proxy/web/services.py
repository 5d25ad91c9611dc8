"""The actions behind both the pages and the API: acknowledge the charter, file a mistake report."""

from dataclasses import dataclass

from proxy.config.i18n import N_
from proxy.inspection.check_service import GuardStopped
from proxy.storage.acknowledgements import Acknowledgement, acknowledge
from proxy.storage.incidents import IncidentEntry, report_incident
from proxy.web.context import WebContext
from proxy.web.report_form import ReportInput

GUARD_STOPPED = N_(
    "Garde-fou arrêté : garde-ia ne peut pas vérifier ce texte. Relancez la protection "
    "(icône garde-ia, ou « garde-ia run »), puis réessayez."
)


def acknowledge_charter(context: WebContext) -> Acknowledgement:
    """Record that this device acknowledged the current charter version."""
    return acknowledge(context.engine, context.subject_id, context.policy.charter.version)


@dataclass(frozen=True, slots=True)
class ReportOutcome:
    """Either the stored entry, or the kinds of personal data found in the free text (nothing stored)."""

    entry: IncidentEntry | None
    personal_data: tuple[str, ...] = ()
    unchecked: bool = (
        False  # the guard is stopped: the free text could not be checked (nothing stored)
    )


def submit_report(context: WebContext, report: ReportInput) -> ReportOutcome:
    """Store a valid report, unless its free text holds personal data the volunteer has not confirmed.

    When the guard is stopped the text cannot be checked: nothing is stored until the volunteer
    confirms having read it again (``unchecked``).
    """
    kinds: list[str] = []
    for text in report.free_texts():
        try:
            result = context.scanner.scan(text)
        except GuardStopped:
            if (
                report.confirm_personal_data
            ):  # the volunteer read it again: stored without the check
                continue
            return ReportOutcome(None, unchecked=True)
        if result.decision.action != "allow":
            kinds.extend(result.kinds or ("données personnelles",))
    found = tuple(dict.fromkeys(kinds))
    if found and not report.confirm_personal_data:
        return ReportOutcome(None, found)
    entry = report_incident(context.engine, report.draft(context.subject_id, set(context.tools)))
    return ReportOutcome(entry, found)
