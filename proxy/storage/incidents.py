"""The breach register (GDPR Art. 33(5)): every incident is documented, notified or not.

An entry holds the facts, the categories of data and the approximate number of people and records,
whether minors are involved, the likely consequences, the measures taken, when it was discovered,
its status and the referent's notes. The form that fills it asks for no copy of the leaked data.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Engine, Row, insert, select, update

from proxy.events import utc_now
from proxy.storage.engine import read_transaction, write_transaction
from proxy.storage.models import Incident

IncidentStatus = Literal["open", "closed"]
# CNIL: notify "au plus tard dans les 72 heures" after becoming aware of the breach.
NOTIFICATION_DELAY = timedelta(hours=72)


class IncidentNotFoundError(LookupError):
    """No incident has this number."""


@dataclass(frozen=True, slots=True)
class IncidentDraft:
    """What a volunteer or the referent reports (the tray's form builds it)."""

    facts: str
    discovered_at: datetime
    reporter_id: str
    data_categories: tuple[str, ...] = ()
    tool_id: str | None = None
    approx_people: int | None = None
    approx_records: int | None = None
    minors_involved: bool | None = None
    consequences: str = ""
    measures_taken: str = ""


@dataclass(frozen=True, slots=True)
class IncidentEntry:
    """One entry of the register as stored."""

    id: int
    status: IncidentStatus
    reported_at: datetime
    closed_at: datetime | None
    referent_notes: str
    draft: IncidentDraft

    @property
    def notification_deadline(self) -> datetime:
        """When the 72-hour notification window closes."""
        return self.draft.discovered_at + NOTIFICATION_DELAY


def _entry(row: Row[Any]) -> IncidentEntry:
    draft = IncidentDraft(
        facts=row.facts,
        discovered_at=row.discovered_at,
        reporter_id=row.reporter_id,
        data_categories=tuple(row.data_categories),
        tool_id=row.tool_id,
        approx_people=row.approx_people,
        approx_records=row.approx_records,
        minors_involved=row.minors_involved,
        consequences=row.consequences,
        measures_taken=row.measures_taken,
    )
    status: IncidentStatus = "closed" if row.status == "closed" else "open"
    return IncidentEntry(row.id, status, row.reported_at, row.closed_at, row.referent_notes, draft)


def report_incident(
    engine: Engine, draft: IncidentDraft, now: datetime | None = None
) -> IncidentEntry:
    """Open a new entry in the register."""
    values = {
        "facts": draft.facts,
        "discovered_at": draft.discovered_at,
        "reported_at": now or utc_now(),
        "reporter_id": draft.reporter_id,
        "tool_id": draft.tool_id,
        "data_categories": list(draft.data_categories),
        "approx_people": draft.approx_people,
        "approx_records": draft.approx_records,
        "minors_involved": draft.minors_involved,
        "consequences": draft.consequences,
        "measures_taken": draft.measures_taken,
        "status": "open",
        "closed_at": None,
        "referent_notes": "",
    }
    with write_transaction(engine) as connection:
        new_id = connection.execute(
            insert(Incident).values(values).returning(Incident.id)
        ).scalar_one()
    return show_incident(engine, new_id)


def list_incidents(
    engine: Engine, status: IncidentStatus | None = None
) -> tuple[IncidentEntry, ...]:
    """Entries of the register, newest discovery first, optionally only open or closed ones."""
    query = select(Incident).order_by(Incident.discovered_at.desc(), Incident.id.desc())
    if status is not None:
        query = query.where(Incident.status == status)
    with read_transaction(engine) as connection:
        rows = connection.execute(query).all()
    return tuple(_entry(row) for row in rows)


def show_incident(engine: Engine, incident_id: int) -> IncidentEntry:
    """One entry; raises :class:`IncidentNotFoundError` when there is none with this number."""
    with read_transaction(engine) as connection:
        row = connection.execute(select(Incident).where(Incident.id == incident_id)).first()
    if row is None:
        raise IncidentNotFoundError(incident_id)
    return _entry(row)


def annotate_incident(engine: Engine, incident_id: int, referent_notes: str) -> IncidentEntry:
    """Replace the referent's notes (the entry stays open or closed as it is)."""
    return _update(engine, incident_id, {"referent_notes": referent_notes})


def close_incident(
    engine: Engine,
    incident_id: int,
    referent_notes: str,
    measures_taken: str | None = None,
    now: datetime | None = None,
) -> IncidentEntry:
    """Close an entry with the referent's notes (and the final measures, when given)."""
    values: dict[str, object] = {
        "status": "closed",
        "closed_at": now or utc_now(),
        "referent_notes": referent_notes,
    }
    if measures_taken is not None:
        values["measures_taken"] = measures_taken
    return _update(engine, incident_id, values)


def _update(engine: Engine, incident_id: int, values: dict[str, object]) -> IncidentEntry:
    with write_transaction(engine) as connection:
        result = connection.execute(
            update(Incident).where(Incident.id == incident_id).values(values)
        )
    if result.rowcount == 0:
        raise IncidentNotFoundError(incident_id)
    return show_incident(engine, incident_id)
