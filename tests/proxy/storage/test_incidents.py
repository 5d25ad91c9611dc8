from datetime import timedelta
from pathlib import Path

import pytest

from proxy.storage.incidents import (
    IncidentClosedError,
    IncidentDraft,
    IncidentNotFoundError,
    annotate_incident,
    close_incident,
    list_incidents,
    report_incident,
    show_incident,
)
from proxy.storage.outbox import Outbox
from proxy.storage.usage_log import UsageLog
from tests.support.records import at


def test_incident_register_lifecycle(db_url: str, tmp_path: Path) -> None:
    log = UsageLog.open(db_url, Outbox(tmp_path / "o.sqlite3"))
    draft = IncidentDraft(
        facts="Un tableau des bénéficiaires a été collé dans un outil non approuvé.",
        discovered_at=at(3, hour=9),
        reporter_id="appareil-7",
        data_categories=("identité", "santé"),
        tool_id="chatgpt",
        approx_people=40,
        approx_records=40,
        minors_involved=True,
        consequences="Divulgation à un tiers",
        measures_taken="Conversation supprimée",
    )
    first = report_incident(log.engine, draft, now=at(3, hour=10))
    second = report_incident(
        log.engine, IncidentDraft(facts="Autre", discovered_at=at(5), reporter_id="r")
    )
    assert first.status == "open" and first.draft == draft
    assert first.notification_deadline == at(3, hour=9) + timedelta(hours=72)
    assert [i.id for i in list_incidents(log.engine)] == [second.id, first.id]

    annotated = annotate_incident(log.engine, first.id, "Appel à la CNIL prévu", now=at(5))
    assert (
        annotated.referent_notes.endswith("] Appel à la CNIL prévu") and annotated.status == "open"
    )
    closed = close_incident(
        log.engine, first.id, "Notifié le 4 mars", measures_taken="Formation", now=at(6)
    )
    assert (closed.status, closed.closed_at) == ("closed", at(6))
    # What the volunteer wrote stays; the referent's measures and notes are added, dated.
    measures = closed.draft.measures_taken.splitlines()
    assert measures[0] == "Conversation supprimée" and measures[1].endswith("] Formation")
    notes = show_incident(log.engine, first.id).referent_notes.splitlines()
    assert [n.split("] ", 1)[1] for n in notes] == ["Appel à la CNIL prévu", "Notifié le 4 mars"]
    assert notes[0].startswith(f"[{at(5).astimezone():%d/%m/%Y %H:%M}, ")
    assert [i.id for i in list_incidents(log.engine, "open")] == [second.id]
    with pytest.raises(IncidentClosedError):  # closing again would overwrite the decision
        close_incident(log.engine, first.id, "Autre décision", measures_taken="Autre")
    again = annotate_incident(log.engine, first.id, "CNIL a répondu", now=at(7))
    assert again.status == "closed" and again.closed_at == at(6)
    assert (
        again.referent_notes.splitlines()[:2] == notes
        and again.draft.measures_taken.splitlines() == measures
    )
    with pytest.raises(IncidentNotFoundError):
        show_incident(log.engine, 999)
    with pytest.raises(IncidentNotFoundError):
        close_incident(log.engine, 999, "x")
    log.close()
