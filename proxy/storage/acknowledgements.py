"""Charter acknowledgements: who (a pseudonymous device or user id) accepted which version, when."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, distinct, func, select

from proxy.storage.engine import read_transaction, write_transaction
from proxy.storage.models import CharterAcknowledgement, UsageEvent, table_of
from proxy.storage.statements import insert_ignoring_duplicates
from proxy.usage.events import utc_now


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """One acceptance of one charter version."""

    subject_id: str
    charter_version: str
    acknowledged_at: datetime


@dataclass(frozen=True, slots=True)
class AcknowledgementStatus:
    """How far the current charter is acknowledged, as counts (no names)."""

    charter_version: str
    acknowledged: int
    active_not_acknowledged: int


def acknowledge(
    engine: Engine, subject_id: str, charter_version: str, at: datetime | None = None
) -> Acknowledgement:
    """Record an acceptance; accepting the same version again keeps the first date."""
    row = {
        "subject_id": subject_id,
        "charter_version": charter_version,
        "acknowledged_at": at or utc_now(),
    }
    table = table_of(CharterAcknowledgement)
    with write_transaction(engine) as connection:
        connection.execute(insert_ignoring_duplicates(table, engine.dialect.name), row)
    found = acknowledgement_of(engine, subject_id, charter_version)
    assert found is not None
    return found


def acknowledgement_of(
    engine: Engine, subject_id: str, charter_version: str
) -> Acknowledgement | None:
    """The subject's acceptance of that version, if any (the charter gate asks this)."""
    query = select(CharterAcknowledgement).where(
        CharterAcknowledgement.subject_id == subject_id,
        CharterAcknowledgement.charter_version == charter_version,
    )
    with read_transaction(engine) as connection:
        found = connection.execute(query).first()
    if found is None:
        return None
    return Acknowledgement(found.subject_id, found.charter_version, found.acknowledged_at)


def acknowledgements(engine: Engine, charter_version: str) -> tuple[Acknowledgement, ...]:
    """Every acceptance of one version, oldest first."""
    query = (
        select(CharterAcknowledgement)
        .where(CharterAcknowledgement.charter_version == charter_version)
        .order_by(CharterAcknowledgement.acknowledged_at)
    )
    with read_transaction(engine) as connection:
        rows = connection.execute(query).all()
    return tuple(Acknowledgement(r.subject_id, r.charter_version, r.acknowledged_at) for r in rows)


def acknowledgement_status(
    engine: Engine, charter_version: str, since: datetime
) -> AcknowledgementStatus:
    """Acceptances of the version, and devices active since ``since`` that have not accepted it."""
    accepted = select(CharterAcknowledgement.subject_id).where(
        CharterAcknowledgement.charter_version == charter_version
    )
    active_without = select(func.count(distinct(UsageEvent.device_id))).where(
        UsageEvent.occurred_at >= since,
        UsageEvent.device_id != "",
        UsageEvent.device_id.not_in(accepted),
    )
    count_accepted = select(func.count()).select_from(accepted.subquery())
    with read_transaction(engine) as connection:
        acknowledged = int(connection.execute(count_accepted).scalar_one())
        missing = int(connection.execute(active_without).scalar_one())
    return AcknowledgementStatus(charter_version, acknowledged, missing)
