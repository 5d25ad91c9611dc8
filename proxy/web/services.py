"""The actions behind both the pages and the API: acknowledge the charter, file a mistake report."""

from dataclasses import dataclass

from proxy.storage.acknowledgements import Acknowledgement, acknowledge
from proxy.storage.incidents import IncidentEntry, report_incident
from proxy.web.context import WebContext
from proxy.web.report_form import ReportInput


def acknowledge_charter(context: WebContext) -> Acknowledgement:
    """Record that this device acknowledged the current charter version."""
    return acknowledge(context.engine, context.subject_id, context.policy.charter.version)


@dataclass(frozen=True, slots=True)
class ReportOutcome:
    """Either the stored entry, or the kinds of personal data found in the free text (nothing stored)."""

    entry: IncidentEntry | None
    personal_data: tuple[str, ...] = ()


def submit_report(context: WebContext, report: ReportInput) -> ReportOutcome:
    """Store a valid report, unless its free text holds personal data the volunteer has not confirmed."""
    kinds: list[str] = []
    for text in report.free_texts():
        result = context.scanner.scan(text)
        if result.decision.action != "allow":
            kinds.extend(result.kinds or ("données personnelles",))
    found = tuple(dict.fromkeys(kinds))
    if found and not report.confirm_personal_data:
        return ReportOutcome(None, found)
    entry = report_incident(context.engine, report.draft(context.subject_id, set(context.tools)))
    return ReportOutcome(entry, found)
