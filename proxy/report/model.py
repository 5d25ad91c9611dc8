"""The report as plain data: what the renderers (table, CSV, HTML) show, aggregated by default."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from proxy.storage.acknowledgements import AcknowledgementStatus
from proxy.storage.incidents import IncidentEntry

Status = Literal["approved", "tolerated", "forbidden"]
STATUS_LABELS: dict[str, str] = {
    "approved": "approuvé",
    "tolerated": "toléré",
    "forbidden": "interdit",
}
ACTION_LABELS: dict[str, str] = {
    "allow": "autorisé",
    "pseudonymize": "pseudonymisé",
    "block": "bloqué",
}
KIND_LABELS: dict[str, str] = {
    "rule": "règle de la charte",
    "category": "catégorie sensible",
    "entity": "type de donnée",
}
UNKNOWN_MODEL = "modèle inconnu"


@dataclass(frozen=True, slots=True)
class ToolLine:
    """One tool over the period: requests by action and the footprint of what was sent."""

    tool_id: str
    name: str
    status: Status
    allowed: int
    pseudonymized: int
    blocked: int
    estimated: int  # sent requests with a footprint estimate
    energy_kwh: float
    gwp_kgco2eq: float
    sent_bytes: int = 0  # bodies of the requests that reached the tool (blocked ones never left)
    received_bytes: int = 0  # bodies of the tool's answers

    @property
    def total(self) -> int:
        """All requests."""
        return self.allowed + self.pseudonymized + self.blocked

    @property
    def sent(self) -> int:
        """Requests that reached the tool (allowed or pseudonymized)."""
        return self.allowed + self.pseudonymized

    @property
    def unestimated(self) -> int:
        """Sent requests without an estimate (model unknown to ecologits or not given)."""
        return self.sent - self.estimated


@dataclass(frozen=True, slots=True)
class WeekLine:
    """Requests to one tool during one week (Monday)."""

    week_start: date
    tool_id: str
    requests: int


@dataclass(frozen=True, slots=True)
class ActionWeek:
    """Requests of one week (Monday) by what garde-ia did: the trend the board asks about."""

    week_start: date
    allowed: int
    pseudonymized: int
    blocked: int


@dataclass(frozen=True, slots=True)
class AcknowledgementWeek:
    """Devices that had acknowledged the current charter version by the end of one week."""

    week_start: date
    devices: int


@dataclass(frozen=True, slots=True)
class TagLine:
    """How many requests involved a rule, category or entity type, per action taken."""

    kind: str
    name: str
    label: str  # a human name: the rule's title, the category's label, "nom de personne"…
    action: str
    requests: int
    items: int
    words: str = ""  # for a charter rule: the charter's own words


@dataclass(frozen=True, slots=True)
class SightingLine:
    """One watched AI tool outside the catalog in one week (connections counted, never opened)."""

    week_start: date
    name: str  # the watched tool's name (the host itself when the watch list does not know it)
    hosts: tuple[str, ...]
    sightings: int
    devices: int | None = None  # devices that connected: only with per-person detail on


@dataclass(frozen=True, slots=True)
class PersonLine:
    """One pseudonymous device's requests (only when the policy enables per-person detail)."""

    device_id: str
    allowed: int = 0
    pseudonymized: int = 0
    blocked: int = 0


def requests_by_action(line: ToolLine | PersonLine) -> tuple[tuple[str, int], ...]:
    """``(action, requests)`` for allowed, pseudonymized and blocked requests, in that order."""
    return (
        ("allow", line.allowed),
        ("pseudonymize", line.pseudonymized),
        ("block", line.blocked),
    )


@dataclass(frozen=True, slots=True)
class PauseLine:
    """One pseudonymous device's pauses (only when the policy enables per-person detail)."""

    device_id: str
    pauses: int
    paused: timedelta


@dataclass(frozen=True, slots=True)
class PauseSummary:
    """Pauses of the protection over the period, counted for all devices together."""

    pauses: int = 0
    paused: timedelta = timedelta()
    devices: int = 0  # devices that were paused at some time of the period
    by_device: tuple[PauseLine, ...] | None = None  # per-person detail only

    @property
    def is_empty(self) -> bool:
        """No pause and no paused time during the period."""
        return self.pauses == 0 and not self.paused


@dataclass(frozen=True, slots=True)
class UsageReport:
    """Everything the referent's review shows for one period."""

    generated_at: datetime
    since: datetime
    organisation: str
    charter_title: str
    charter_version: str
    tools: tuple[ToolLine, ...]
    weeks: tuple[WeekLine, ...]
    tags: tuple[TagLine, ...]
    sightings: tuple[SightingLine, ...]
    acknowledgements: AcknowledgementStatus
    open_incidents: tuple[IncidentEntry, ...]
    people: tuple[PersonLine, ...] | None
    pauses: PauseSummary = PauseSummary()
    action_weeks: tuple[ActionWeek, ...] = ()
    acknowledgement_weeks: tuple[AcknowledgementWeek, ...] = ()

    @property
    def is_empty(self) -> bool:
        """No request, no sighting and no pause during the period."""
        return not self.tools and not self.sightings and self.pauses.is_empty

    @property
    def total_requests(self) -> int:
        """All requests of the period."""
        return sum(tool.total for tool in self.tools)

    def requests_by_status(self) -> dict[str, int]:
        """Requests per tool status (approved / tolerated / forbidden)."""
        totals = dict.fromkeys(STATUS_LABELS, 0)
        for tool in self.tools:
            totals[tool.status] += tool.total
        return totals

    def blocks_by_rule(self) -> list[TagLine]:
        """Blocked requests per charter rule, most frequent first, with the charter's words."""
        lines = [t for t in self.tags if t.kind == "rule" and t.action == "block"]
        return sorted(lines, key=lambda t: (-t.requests, t.label))

    def blocks_by_category(self) -> list[tuple[str, int]]:
        """Blocked requests per sensitive category, most frequent first."""
        counts = [
            (t.label, t.requests) for t in self.tags if t.kind == "category" and t.action == "block"
        ]
        return sorted(counts, key=lambda item: (-item[1], item[0]))
