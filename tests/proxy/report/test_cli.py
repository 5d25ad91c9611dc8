from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from proxy.cli.main import main
from proxy.storage.outbox import Outbox
from proxy.storage.usage_log import UsageLog, count_events
from tests.support.records import make_record


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("since", ["3x", "0d", "hier", "2999-01-01"])
def test_unknown_since_is_refused_with_the_accepted_forms(since: str) -> None:
    result = run("report", "--since", since)
    assert result.exit_code == 2
    assert "--since" in result.output and "30d (jours)" in result.output


def test_unwritable_out_is_refused_before_anything_else(tmp_path: Path) -> None:
    missing_dir = run("report", "--out", str(tmp_path / "nope" / "r.html"))
    assert missing_dir.exit_code == 2 and "n'existe pas" in missing_dir.output
    a_directory = run("report", "--out", str(tmp_path))
    assert a_directory.exit_code == 2 and "est un dossier" in a_directory.output
    full_device = run("report", "--out", "/proc/version")  # exists, never writable, even by root
    assert full_device.exit_code == 2 and "impossible d'écrire" in full_device.output


def test_empty_database_says_there_is_no_activity(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--db", f"sqlite:///{tmp_path / 'vide.sqlite3'}"])
    assert result.exit_code == 0
    assert "Aucune activité enregistrée" in result.output


def test_unreachable_database_gives_a_clear_message_without_the_password() -> None:
    result = run("report", "--db", "postgresql://referent:motdepasse@127.0.0.1:9/journal")
    assert result.exit_code == 1
    assert "Impossible d'ouvrir le journal d'usage" in result.output
    assert "motdepasse" not in result.output


def test_html_report_written_to_a_file(db_url: str, tmp_path: Path) -> None:
    log = UsageLog.open(db_url, Outbox(tmp_path / "o.sqlite3"))
    log.record_many([make_record(), make_record(action="block", categories=("health",))])
    log.close()
    out = tmp_path / "rapport.html"
    result = run("report", "--db", db_url, "--since", "7d", "--format", "html", "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<svg" in html and "Le Chat" in html
    csv_result = run("report", "--db", db_url, "--format", "csv")
    assert csv_result.output.startswith("\ufeffrubrique;outil;statut")
    plain = run("report", "--db", db_url, "--format", "csv", "--csv-dialect", "rfc4180")
    assert plain.output.startswith("rubrique,outil,statut")


def test_purge_dry_run_counts_then_purge_deletes(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    url = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    log = UsageLog.open(url, Outbox(tmp_path / "o.sqlite3"))
    log.record_many([make_record(occurred_at=datetime(2020, 1, 1, tzinfo=UTC)), make_record()])
    dry = run("purge", "--db", url, "--dry-run")
    assert dry.exit_code == 0 and "1 seraient supprimés" in dry.output
    assert count_events(log.engine) == 2
    done = run("purge", "--db", url)
    assert done.exit_code == 0 and "1 supprimés" in done.output
    assert count_events(log.engine) == 1
    log.close()
