"""``garde-ia scan`` as other tools use it: a real process, stdin in, JSON out."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.spacy_model

GARDE_IA = [sys.executable, "-m", "proxy"]


def run_scan(args: list[str], stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*GARDE_IA, "scan", *args], input=stdin, capture_output=True, timeout=180, check=False
    )


def test_scan_prints_one_decision_for_stdin() -> None:
    done = run_scan([], "Invite Gaëlle Moreau à l'atelier vélo de samedi.".encode())
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["action"] == "pseudonymize"
    assert "Moreau" not in result["text"] and "[PERSONNE_1]" in result["text"]
    assert result["findings"][0]["type"] == "PERSONNE"
    assert set(result["findings"][0]) == {"type", "start", "end", "score"}
    assert result["reasons"][0]["rule"] == "anonymisation"


def test_scan_jsonl_answers_every_line_and_reports_bad_ones() -> None:
    lines = [
        json.dumps({"id": 1, "text": "Rédige une affiche pour la bourse aux vêtements."}).encode(),
        b'{"id": 2, "text": ',  # truncated JSON
        json.dumps({"id": 3}).encode(),  # missing text
        b'{"id": 4, "text": "caf\xe9"}',  # latin-1 byte, invalid UTF-8
        json.dumps({"id": 5, "text": "Mme Leroy est hospitalisée, préviens l'équipe."}).encode(),
    ]
    done = run_scan(["--jsonl"], b"\n".join(lines) + b"\n")
    assert done.returncode == 1
    answers = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [a.get("id") for a in answers] == [1, None, 3, 4, 5]
    assert answers[0]["action"] == "allow"
    assert answers[0]["text"] == "Rédige une affiche pour la bourse aux vêtements."
    assert "JSON invalide" in answers[1]["error"]
    assert "« text » manquant" in answers[2]["error"]
    assert "UTF-8" in answers[3]["error"]
    assert answers[4]["action"] == "block" and answers[4]["text"] is None
    assert answers[4]["categories"] == ["health"]
    assert (
        "2 ligne(s)" not in done.stderr.decode() and "3 ligne(s) en erreur" in done.stderr.decode()
    )


def test_scan_refuses_invalid_utf8_on_stdin() -> None:
    done = run_scan([], b"Bonjour \xff\xfe")
    assert done.returncode != 0
    assert "UTF-8" in done.stderr.decode()


def test_invalid_policy_names_the_file_and_the_field(tmp_path: Path) -> None:
    policy = tmp_path / "charte.toml"
    policy.write_text('[categories.health]\naction = "supprimer"\n', encoding="utf-8")
    done = run_scan(["--policy", str(policy)], b"Bonjour")
    assert done.returncode != 0
    message = done.stderr.decode()
    assert str(policy) in message and "categories.health.action" in message
