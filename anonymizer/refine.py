"""Second look at one piece's findings: table layout, line breaks, later mentions of a person.

Presidio's recognizers read a text as prose. What volunteers paste is often not: tables, mail
threads with headers and signatures. This step, run on the findings of each piece, reads tables
as tables (:mod:`anonymizer.tables`), never lets a name run across a line break, and finds the
later mentions of each person already named (:mod:`anonymizer.mentions`).
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from anonymizer.decision import Finding
from anonymizer.lexicons import fold
from anonymizer.mentions import find_mentions
from anonymizer.overlaps import merge_overlaps
from anonymizer.tables import Table, find_tables, name_cells, outside_headers, with_content_roles

PERSON = "PERSONNE"
# A name never runs across a line break or a table's cell separator.
LINE_PIECE = re.compile(r"[^\n|;\t]+")
NAME_WORD = re.compile(r"\S+")
PARTICLES = frozenset(
    {"de", "du", "des", "d'", "le", "la", "van", "von", "der", "den", "da", "di", "ben", "el", "al"}
)
MAX_NAME_WORDS = 5
EDGE = " \t\r>*•-|;,:"


@dataclass(frozen=True, slots=True)
class Refined:
    """Findings after the second look, the mentions to alias in the vault and the tables seen."""

    findings: list[Finding]
    aliases: tuple[tuple[str, str], ...]
    tables: tuple[Table, ...]


def refine(
    text: str, findings: Sequence[Finding], known: Iterable[str], first_names: frozenset[str]
) -> Refined:
    """Findings of ``text`` completed with table cells and later mentions of the people found."""

    def is_name(source: str, start: int, end: int) -> bool:
        covered = any(f.type == PERSON and f.start <= start and end <= f.end for f in findings)
        words = source[start:end].split()
        return covered or bool(words) and fold(words[0]) in first_names

    tables = tuple(with_content_roles(text, t, is_name) for t in find_tables(text))
    kept = outside_headers(
        [trim_name(text, f) for f in split_at_line_breaks(text, findings)], tables
    )
    for table in tables:
        kept += name_cells(text, table)
    kept = merge_overlaps(kept)
    mentions = find_mentions(text, kept, known)
    return Refined(merge_overlaps([*kept, *mentions.findings]), mentions.aliases, tables)


def split_at_line_breaks(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """Names never run across a line break or a cell separator ("Marin | jeudi | Alzheimer")."""
    result: list[Finding] = []
    for finding in findings:
        value = text[finding.start : finding.end]
        if finding.type != PERSON or not any(c in value for c in "\n|;\t"):
            result.append(finding)
            continue
        for piece in LINE_PIECE.finditer(value):
            stripped = piece.group().strip(EDGE)
            if len(stripped) < 2 or not stripped[:1].isupper() and piece.start() > 0:
                continue  # what the model ran on into: "| jeudi |"
            start = finding.start + piece.start() + piece.group().index(stripped)
            result.append(Finding(PERSON, start, start + len(stripped), finding.score))
    return result


def trim_name(text: str, finding: Finding) -> Finding:
    """A name ends where running text begins: "Jamie Walsh told me he…" is "Jamie Walsh".

    The French model sometimes tags a whole English clause as a person; a name's words are
    capitalised (or particles), at most five of them. Names typed in lower case are kept whole.
    """
    words = list(NAME_WORD.finditer(text, finding.start, finding.end))
    if finding.type != PERSON or len(words) < 2 or not words[0].group()[:1].isupper():
        return finding
    end = words[0].end()
    for count, word in enumerate(words[1:], start=2):
        value = word.group()
        if count > MAX_NAME_WORDS or not (value[:1].isupper() or value.lower() in PARTICLES):
            break
        end = word.end()
    end = len(text[finding.start : end].rstrip(",.:;!?)")) + finding.start
    return Finding(finding.type, finding.start, end, finding.score)


def table_intro_persons(
    tables: Sequence[Table], findings: Sequence[Finding]
) -> list[tuple[int, int]]:
    """Intro lines ("les personnes suivies par le CPAS :") of tables that list people.

    A topic in such a line is said of every person in the table below it.
    """
    intros = []
    for table in tables:
        start, end = table.span
        if table.intro and any(f.type == PERSON and start <= f.start < end for f in findings):
            intros.append(table.intro)
    return intros
