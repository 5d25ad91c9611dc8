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
from anonymizer.names import CALENDAR_WORDS, NOT_NAMES
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
    pieces = [name for f in split_at_line_breaks(text, findings) for name in trim_name(text, f)]
    kept = outside_headers(pieces, tables)
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


def trim_name(text: str, finding: Finding) -> list[Finding]:
    """The names inside a span that ran on into running text.

    The French model sometimes tags a whole English clause as one person ("Can you ask whether
    Priyanka could cover the Sunday"): a name is a run of capitalised words (particles
    between them), five at most, that is not an opener, a title or a day. Names typed in lower
    case, and spans without running text, are kept whole.
    """
    words = list(NAME_WORD.finditer(text, finding.start, finding.end))
    running = [
        w for w in words[1:] if not _capitalised(w.group()) and w.group().lower() not in PARTICLES
    ]
    if finding.type != PERSON or not running or not any(_capitalised(w.group()) for w in words):
        return [finding]
    runs: list[list[re.Match[str]]] = []
    for word in words:
        value = word.group()
        if (
            _capitalised(value)
            and fold(value.strip(",.:;!?()'’")) not in NOT_NAMES | CALENDAR_WORDS
        ):
            if (
                runs
                and runs[-1]
                and runs[-1][-1].end() == word.start() - 1
                or (runs and runs[-1] and runs[-1][-1].group().lower() in PARTICLES)
            ):
                runs[-1].append(word)
            else:
                runs.append([word])
        elif value.lower() in PARTICLES and runs and runs[-1]:
            runs[-1].append(word)
        else:
            runs.append([])
    found = []
    for run in runs:
        while run and run[-1].group().lower() in PARTICLES:
            run.pop()
        if run and len(run) <= MAX_NAME_WORDS:
            end = run[-1].start() + len(run[-1].group().rstrip(",.:;!?)"))
            found.append(Finding(PERSON, run[0].start(), end, finding.score))
    return found


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


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
