"""garde-ia charter show|accept and incident list|show|close, each in a real process on a real SQLite log."""

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from proxy.storage import UsageLog
from proxy.storage.incidents import IncidentDraft, report_incident, show_incident

GARDE_IA = str(Path(sys.executable).with_name("garde-ia"))


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GARDE_IA, *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def test_charter_show_then_accept() -> None:
    before = run("charter", "show")
    assert before.returncode == 0
    assert "version 2026-03" in before.stdout and "Pas encore confirmée" in before.stdout
    assert "La souveraineté" in before.stdout
    refused = run("charter", "accept", stdin="n\n")
    assert refused.returncode == 1
    assert "Pas encore confirmée" in run("charter", "show").stdout
    accepted = run("charter", "accept", stdin="o\n")
    assert accepted.returncode == 0, accepted.stderr
    assert "Merci ! Charte version 2026-03 confirmée" in accepted.stdout
    assert "Confirmée sur cet appareil" in run("charter", "show").stdout


def test_incident_list_show_close() -> None:
    log = UsageLog.open()
    discovered = datetime.now(UTC) - timedelta(hours=1)
    entry = report_incident(
        log.engine,
        IncidentDraft(
            facts="Liste d'un atelier envoyée à un outil d'IA.",
            discovered_at=discovered,
            reporter_id="dev-x",
            data_categories=("social", "sante"),
            tool_id="chatgpt",
            approx_people=4,
            minors_involved=True,
            measures_taken="Conversation supprimée par la bénévole.",
        ),
    )
    assert "Aucun signalement" not in (listed := run("incident", "list")).stdout
    assert f"n° {entry.id}  ouvert" in listed.stdout and "reste 70 h" in listed.stdout
    shown = run("incident", "show", str(entry.id))
    assert "Mineur·e·s concerné·e·s : oui" in shown.stdout
    # Names people read, not internal ids
    assert "Catégories de données : Situation sociale ou familiale, Santé" in shown.stdout
    assert "Outil : ChatGPT" in shown.stdout and "chatgpt" not in shown.stdout
    assert "avant le" in shown.stdout
    missing = run("incident", "show", "999")
    assert missing.returncode == 1 and "aucun signalement n° 999" in missing.stderr
    empty_notes = run("incident", "close", str(entry.id), "--notes", "  ")
    assert empty_notes.returncode == 1 and show_incident(log.engine, entry.id).status == "open"
    closed = run(
        "incident",
        "close",
        str(entry.id),
        "--notes",
        "Pas de notification : liste sans données sensibles.",
        "--measures",
        "Rappel de la charte à l'équipe.",
    )
    assert closed.returncode == 0, closed.stderr
    assert show_incident(log.engine, entry.id).status == "closed"
    assert run("incident", "list", "--status", "open").stdout.strip() == "Aucun signalement."
    # Closing again would overwrite the decision: refused, nothing changed.
    before = show_incident(log.engine, entry.id)
    again = run("incident", "close", str(entry.id), "--notes", "Autre chose", "--measures", "Autre")
    assert again.returncode == 1 and "déjà clos" in again.stderr and "incident note" in again.stderr
    assert "Traceback" not in again.stderr and show_incident(log.engine, entry.id) == before
    noted = run(
        "incident", "note", str(entry.id), "--notes", "La CNIL n'a pas été saisie, dossier archivé."
    )
    assert noted.returncode == 0, noted.stderr
    history = run("incident", "show", str(entry.id)).stdout
    for kept in (
        "Conversation supprimée par la bénévole.",
        "Rappel de la charte à l'équipe.",
        "Pas de notification : liste sans données sensibles.",
        "La CNIL n'a pas été saisie",
    ):
        assert kept in history
    assert history.index("Pas de notification") < history.index("La CNIL n'a pas été saisie")
    log.close()
