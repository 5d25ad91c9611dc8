"""The breach register (GDPR Art. 33(5)): every incident is documented, notified or not.

An entry holds the facts, the categories of data and the approximate number of people and records,
whether minors are involved, the likely consequences, the measures taken, when it was discovered,
its status and the referent's notes. The form that fills it asks for no copy of the leaked data.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Engine, Row, insert, select, update

from proxy.storage.engine import read_transaction, write_transaction
from proxy.storage.models import Incident
from proxy.usage.events import utc_now

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


class IncidentClosedError(ValueError):
    """The entry is closed already: closing it again would overwrite what was decided."""

    def __init__(self, incident_id: int, closed_at: datetime) -> None:
        super().__init__(incident_id)
        self.closed_at = closed_at


def _dated(now: datetime, who: str, text: str) -> str:
    return f"[{now.astimezone():%d/%m/%Y %H:%M}, {who}] {text}"


def _appended(existing: str, entry: str) -> str:
    """The register only grows: each note or measure is added, dated, after the earlier ones."""
    return f"{existing}\n{entry}" if existing else entry


def _append(
    engine: Engine,
    incident_id: int,
    notes: str,
    measures_taken: str | None,
    now: datetime,
    closing: bool,
) -> IncidentEntry:
    with write_transaction(engine) as connection:
        row = connection.execute(
            select(
                Incident.status,
                Incident.closed_at,
                Incident.referent_notes,
                Incident.measures_taken,
            )
            .where(Incident.id == incident_id)
            .with_for_update()
        ).first()
        if row is None:
            raise IncidentNotFoundError(incident_id)
        if closing and row.status == "closed":
            raise IncidentClosedError(incident_id, row.closed_at)
        values: dict[str, object] = {
            "referent_notes": _appended(row.referent_notes, _dated(now, "référent·e", notes))
        }
        if measures_taken:  # beside what the volunteer wrote, never instead of it
            values["measures_taken"] = _appended(
                row.measures_taken, _dated(now, "mesures du ou de la référent·e", measures_taken)
            )
        if closing:
            values |= {"status": "closed", "closed_at": now}
        connection.execute(update(Incident).where(Incident.id == incident_id).values(values))
    return show_incident(engine, incident_id)


def close_incident(
    engine: Engine,
    incident_id: int,
    referent_notes: str,
    measures_taken: str | None = None,
    now: datetime | None = None,
) -> IncidentEntry:
    """Close an open entry, adding the referent's dated notes (and final measures, when given).

    Raises :class:`IncidentClosedError` for an entry closed already: a later note is added with
    :func:`annotate_incident`, which keeps the decision that closed it.
    """
    return _append(
        engine, incident_id, referent_notes, measures_taken, now or utc_now(), closing=True
    )


def annotate_incident(
    engine: Engine,
    incident_id: int,
    referent_notes: str,
    measures_taken: str | None = None,
    now: datetime | None = None,
) -> IncidentEntry:
    """Add a dated note (and measures) to an entry, open or closed; nothing earlier is replaced."""
    return _append(
        engine, incident_id, referent_notes, measures_taken, now or utc_now(), closing=False
    )
