"""``garde-ia scan``: the charter decision for texts on stdin, as JSON (a contract for other tools).

One text on stdin gives one JSON object; ``--jsonl`` reads ``{"id": ..., "text": ...}`` lines and
prints one line per input, in order. A bad line (invalid JSON, missing field, invalid UTF-8) gives
``{"id": ..., "error": "..."}`` and the other lines are still processed; the exit code is then 1.
"""

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from proxy.cli.options import policy_option
from proxy.config.policy import load_policy
from proxy.inspection.decision_json import decision_to_json

if TYPE_CHECKING:
    from anonymizer import Guard


class LineError(ValueError):
    """One input line cannot be scanned; the message says why, in French."""


def parse_line(raw: bytes, number: int) -> tuple[Any, str]:
    """The id and text of one JSONL line."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LineError(
            f"ligne {number} : encodage invalide (UTF-8 attendu, octet {error.start})"
        ) from error
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise LineError(
            f"ligne {number} : JSON invalide ({error.msg}, colonne {error.colno})"
        ) from error
    if not isinstance(item, dict):
        raise LineError(f"ligne {number} : un objet JSON est attendu")
    if "text" not in item:
        raise LineError(f"ligne {number} : champ « text » manquant")
    if not isinstance(item["text"], str):
        raise LineError(f"ligne {number} : le champ « text » doit être une chaîne")
    return item.get("id"), item["text"]


def _raw_id(raw: bytes) -> Any:
    try:
        item = json.loads(raw.decode("utf-8", errors="replace"))
    except json.JSONDecodeError:
        return None
    return item.get("id") if isinstance(item, dict) else None


def scan_jsonl(guard: "Guard", stream: BinaryIO, out: Any) -> int:
    """Scan every line of ``stream``; return the number of lines in error."""
    errors = 0
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            item_id, text = parse_line(raw.rstrip(b"\r\n"), number)
        except LineError as error:
            errors += 1
            out.write(
                json.dumps({"id": _raw_id(raw), "error": str(error)}, ensure_ascii=False) + "\n"
            )
            continue
        result = {"id": item_id, **decision_to_json(guard.check(text))}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return errors


@click.command("scan")
@policy_option
@click.option(
    "--jsonl",
    is_flag=True,
    help='Lit des lignes {"id": ..., "text": ...} et répond ligne par ligne.',
)
def command(policy_path: Path | None, jsonl: bool) -> None:
    """Dit ce que garde-ia ferait d'un texte (autoriser, pseudonymiser, bloquer), sans rien envoyer."""
    from anonymizer import AnonymizerError
    from anonymizer.engine import build_guard

    policy = load_policy(policy_path)  # an invalid policy: FriendlyGroup says it (exit code 3)
    try:
        guard = build_guard(policy.detection_policy)
    except AnonymizerError as error:
        raise click.ClickException(str(error)) from error
    stdin: BinaryIO = sys.stdin.buffer
    if jsonl:
        errors = scan_jsonl(guard, stdin, sys.stdout)
        if errors:
            click.echo(f"{errors} ligne(s) en erreur, les autres ont été traitées.", err=True)
            sys.exit(1)
        return
    try:
        text = stdin.read().decode("utf-8")
    except UnicodeDecodeError as error:
        raise click.ClickException(
            f"entrée illisible : UTF-8 attendu (octet {error.start} invalide)"
        ) from error
    click.echo(json.dumps(decision_to_json(guard.check(text)), ensure_ascii=False))
