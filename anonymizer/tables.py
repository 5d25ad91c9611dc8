"""Pasted tables (CSV, semicolons, tabs, Markdown) read as tables, not as prose.

The French model reads "MOREAU;Sylvie;06 48…" as one run-on sentence: it misses most names in
cells and takes header words ("Nom", "Prénom") for people. Here a block of consecutive lines cut
by the same separator into the same number of cells is a table; a column's role comes from its
header (French, Dutch or English words) or, without a recognised header, from its cells (most of
them already found as names or known first names). Every non-empty cell of a person column is
then a name, and nothing in a recognised header row is.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from anonymizer.decision import Finding
from anonymizer.lexicons import fold

ENTITY = "PERSONNE"
CELL_SCORE = 0.8
MIN_ROWS = 2  # header + one row, or two rows without header
MAX_CELL_CHARS = 60
SEPARATORS = ("\t", "|", ";", ",")

# Header words of a column that holds people's names (folded, punctuation dropped).
PERSON_HEADERS = frozenset(
    fold(w)
    for w in (
        "nom",
        "noms",
        "prénom",
        "prénoms",
        "nom prénom",
        "prénom nom",
        "nom et prénom",
        "nom prénoms",
        "nom de famille",
        "nom d'usage",
        "nom de naissance",
        "identité",
        "nom complet",
        "bénéficiaire",
        "bénéficiaires",
        "salarié",
        "salariée",
        "salariés",
        "adhérent",
        "adhérente",
        "adhérents",
        "bénévole",
        "bénévoles",
        "participant",
        "participante",
        "participants",
        "enfant",
        "enfants",
        "élève",
        "élèves",
        "personne",
        "membre",
        "membres",
        "patient",
        "patiente",
        "usager",
        "usagère",
        "locataire",
        "stagiaire",
        "titulaire",
        "nom du titulaire",
        "destinataire",
        "parent",
        "responsable légal",
        "représentant légal",
        "référent",
        "référente",
        "contact",
        "chauffeur",
        "animateur",
        "animatrice",
        "intervenant",
        "intervenante",
        "famille",
        "demandeur",
        "demandeuse",
        "name",
        "names",
        "first name",
        "firstname",
        "first names",
        "last name",
        "lastname",
        "surname",
        "given name",
        "full name",
        "family name",
        "forename",
        "member",
        "volunteer",
        "employee",
        "staff",
        "child",
        "pupil",
        "student",
        "beneficiary",
        "client",
        "tenant",
        "participant name",
        "naam",
        "voornaam",
        "achternaam",
        "familienaam",
        "volledige naam",
        "vrijwilliger",
        "lid",
        "kind",
    )
)
# Other header words: they make the first row a header (so nothing in it is a person).
OTHER_HEADERS = frozenset(
    fold(w)
    for w in (
        "tél",
        "tel",
        "téléphone",
        "portable",
        "gsm",
        "mobile",
        "email",
        "e-mail",
        "mail",
        "courriel",
        "adresse",
        "adresse postale",
        "code postal",
        "cp",
        "ville",
        "commune",
        "âge",
        "age",
        "date",
        "date de naissance",
        "né le",
        "naissance",
        "sexe",
        "genre",
        "rôle",
        "role",
        "poste",
        "fonction",
        "situation",
        "remarque",
        "remarques",
        "commentaire",
        "commentaires",
        "observations",
        "note",
        "montant",
        "iban",
        "bic",
        "rib",
        "jour",
        "heure",
        "statut",
        "n° national",
        "numéro national",
        "nir",
        "n° sécu",
        "classe",
        "groupe",
        "niveau",
        "allergies",
        "traitement",
        "allergies traitement",
        "appréciation",
        "colis",
        "nb personnes",
        "total",
        "budget",
        "réalisé",
        "poste budgétaire",
        "phone",
        "address",
        "city",
        "postcode",
        "zip",
        "dob",
        "date of birth",
        "status",
        "notes",
        "comment",
        "amount",
        "day",
        "time",
        "team",
        "telefoon",
        "adres",
        "woonplaats",
        "geboortedatum",
        "personnage",
        "personnages",
        "character",
        "characters",
        "rôle dans le roman",
    )
)
# Cells that are never names even in a person column.
EMPTY_CELLS = frozenset(
    {"", "-", "—", "–", "/", "?", "x", "n/a", "na", "néant", "aucun", "aucune", "ras"}
)
TITLE_PREFIX = re.compile(
    r"^(?:(?:M|Mme|Mlle|Mr|Mrs|Ms|Dr|Me|Pr)\.?|Monsieur|Madame|Mademoiselle)\s+"
)
MARKDOWN_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
NAME_CELL = re.compile(r"^[^\W\d_][\w'’.\- ]*$")


@dataclass(frozen=True, slots=True)
class Table:
    """One table found in a text: its header line (if any), its rows' cells, its person columns."""

    header: tuple[int, int] | None
    rows: tuple[tuple[tuple[int, int], ...], ...]
    person_columns: frozenset[int]
    intro: tuple[int, int] | None  # the line just above, often "voici la liste des… :"
    other_columns: frozenset[int] = frozenset()  # headers that say "not a name" (Jour, Tél…)

    @property
    def span(self) -> tuple[int, int]:
        """Characters from the header (or first row) to the end of the last row."""
        first = self.header[0] if self.header else self.rows[0][0][0]
        return first, max(cell[1] for cell in self.rows[-1])

    def person_cells(self) -> list[tuple[int, int]]:
        """The cells of person columns, in reading order."""
        return [row[c] for row in self.rows for c in sorted(self.person_columns) if c < len(row)]


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _cells(text: str, line: tuple[int, int], separator: str) -> list[tuple[int, int]]:
    """Stripped cell spans of one line (Markdown's outer pipes dropped)."""
    start, end = line
    content = text[start:end]
    if separator == "|":
        stripped = content.strip()
        if not stripped.startswith("|"):
            return []
        offset = start + content.index("|") + 1
        content = stripped[1:-1] if stripped.endswith("|") and len(stripped) > 1 else stripped[1:]
        start = offset
    cells, position = [], start
    for raw in content.split(separator):
        left = len(raw) - len(raw.lstrip())
        right = len(raw.rstrip())
        cells.append((position + left, position + max(left, right)))
        position += len(raw) + 1
    return cells


def _separator(text: str, line: tuple[int, int]) -> str | None:
    content = text[line[0] : line[1]]
    if content.strip().startswith("|") and content.count("|") >= 2:
        return "|"
    for separator in ("\t", ";", ","):
        if content.count(separator) >= 1 and (separator != "," or content.count(",") >= 2):
            return separator
    return None


def _header_role(text: str, cell: tuple[int, int]) -> str | None:
    words = fold(re.sub(r"[^\w'’ ]+", " ", text[cell[0] : cell[1]])).split()
    label = " ".join(words)
    if not label:
        return None
    if label in PERSON_HEADERS:
        return "person"
    if label in OTHER_HEADERS:
        return "other"
    return None


def find_tables(text: str) -> list[Table]:
    """Every table in ``text``: runs of at least two lines with the same separator and cell count."""
    lines = _lines(text)
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        separator = _separator(text, lines[i])
        if separator is None:
            i += 1
            continue
        width = len(_cells(text, lines[i], separator))
        block = [i]
        j = i + 1
        while j < len(lines):
            if separator == "|" and MARKDOWN_RULE.match(text[lines[j][0] : lines[j][1]]):
                j += 1
                continue
            cells = (
                _cells(text, lines[j], separator) if _separator(text, lines[j]) == separator else []
            )
            if len(cells) != width:
                break
            block.append(j)
            j += 1
        if len(block) >= MIN_ROWS and width >= 2:
            table = _read_table(text, lines, block, separator)
            if table is not None:
                tables.append(table)
        i = max(j, i + 1)
    return tables


def _read_table(
    text: str, lines: list[tuple[int, int]], block: list[int], separator: str
) -> Table | None:
    rows = [_cells(text, lines[k], separator) for k in block]
    if any(c[1] - c[0] > MAX_CELL_CHARS * 3 for row in rows for c in row):
        return None  # prose with commas, not a table
    roles = [_header_role(text, cell) for cell in rows[0]]
    has_header = any(role is not None for role in roles)
    intro_index = block[0] - 1
    while intro_index >= 0 and not text[lines[intro_index][0] : lines[intro_index][1]].strip():
        intro_index -= 1
    intro = lines[intro_index] if intro_index >= 0 else None
    if has_header:
        person = frozenset(c for c, role in enumerate(roles) if role == "person")
        other = frozenset(c for c, role in enumerate(roles) if role == "other")
        return Table(lines[block[0]], tuple(tuple(r) for r in rows[1:]), person, intro, other)
    return Table(None, tuple(tuple(r) for r in rows), frozenset(), intro)


def with_content_roles(text: str, table: Table, is_name: Callable[[str, int, int], bool]) -> Table:
    """A table without header: columns whose cells are mostly names become person columns."""
    if table.header is not None or not table.rows:
        return table
    width = len(table.rows[0])
    person = set()
    for column in range(width):
        cells = [row[column] for row in table.rows if column < len(row)]
        names = sum(1 for s, e in cells if NAME_CELL.match(text[s:e]) and is_name(text, s, e))
        if names * 2 > len(cells):
            person.add(column)
    return Table(table.header, table.rows, frozenset(person), table.intro, table.other_columns)


def name_cells(text: str, table: Table) -> list[Finding]:
    """A finding for each name written in a person column (titles left outside)."""
    findings = []
    for start, end in table.person_cells():
        value = text[start:end]
        if fold(value) in EMPTY_CELLS or not NAME_CELL.match(value) or len(value) > MAX_CELL_CHARS:
            continue
        title = TITLE_PREFIX.match(value)
        if title:
            start += title.end()
        findings.append(Finding(ENTITY, start, end, CELL_SCORE))
    return findings


def outside_headers(findings: Sequence[Finding], tables: Sequence[Table]) -> list[Finding]:
    """Names that are neither in a header row nor in a column whose header says it holds no name.

    Header words are no one; "Alzheimer" in a "Remarque" column is a remark, not a person.
    """
    excluded = [t.header for t in tables if t.header is not None]
    excluded += [row[c] for t in tables for row in t.rows for c in t.other_columns if c < len(row)]
    return [
        f
        for f in findings
        if f.type != ENTITY or not any(f.start < x[1] and x[0] < f.end for x in excluded)
    ]
