"""Text of office documents (DOCX, XLSX, ODT, ODS), read from their XML parts as streams.

Everything a reader of the document would see is read: body, tables, headers, footers,
footnotes and comments; every cell of every sheet, numbers included (a social security number
typed in a cell is a number). Document properties (author, last editor) are not read.
"""

import re
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from proxy.inspection.files.archive import iter_xml, local
from proxy.inspection.files.errors import FileError
from proxy.inspection.files.limits import Budget

_DOCX_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
_SHEET = re.compile(r"xl/worksheets/sheet\d+\.xml")
_XLSX_COMMENTS = re.compile(r"xl/comments\d*\.xml")
_CELL_SEPARATOR = "\t"


def _ordered(archive: zipfile.ZipFile, pattern: re.Pattern[str]) -> list[str]:
    names = [n for n in archive.namelist() if pattern.fullmatch(n)]
    return sorted(
        names, key=lambda n: [int(d) if d.isdigit() else d for d in re.split(r"(\d+)", n)]
    )


def _docx_paragraph(element: Element) -> str:
    parts = []
    for node in element.iter():
        name = local(node.tag)
        if name == "t" and node.text:
            parts.append(node.text)
        elif name == "tab":
            parts.append("\t")
        elif name in ("br", "cr"):
            parts.append("\n")
    return "".join(parts)


def docx_text(archive: zipfile.ZipFile, budget: Budget) -> Iterator[str]:
    """The paragraphs of a Word document (body first, then headers, footers, notes, comments)."""
    names = _ordered(archive, _DOCX_PARTS)
    names.sort(key=lambda n: n != "word/document.xml")
    for name in names:
        for element in iter_xml(archive, name, budget):
            if local(element.tag) == "p":
                text = _docx_paragraph(element)
                element.clear()
                if text.strip():
                    budget.add_text(text)
                    yield text


def _shared_strings(archive: zipfile.ZipFile, budget: Budget) -> list[str]:
    strings: list[str] = []
    if "xl/sharedStrings.xml" not in archive.namelist():
        return strings
    for element in iter_xml(archive, "xl/sharedStrings.xml", budget):
        if local(element.tag) == "si":
            text = "".join(t.text or "" for t in element.iter() if local(t.tag) == "t")
            element.clear()
            budget.add_cells()
            strings.append(text)
    return strings


def _xlsx_cell(cell: Element, strings: list[str]) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter() if local(t.tag) == "t")
    value = next((child.text or "" for child in cell if local(child.tag) == "v"), "")
    if kind == "s":
        try:
            return strings[int(value)]
        except (ValueError, IndexError) as error:
            raise FileError("malformed") from error
    return value


def xlsx_text(archive: zipfile.ZipFile, budget: Budget) -> Iterator[str]:
    """One line per non-empty row of every sheet (cells tab-separated), then the comments."""
    strings = _shared_strings(archive, budget)
    for name in _ordered(archive, _SHEET):
        for element in iter_xml(archive, name, budget):
            if local(element.tag) != "row":
                continue
            budget.add_row()
            cells = [_xlsx_cell(c, strings) for c in element if local(c.tag) == "c"]
            element.clear()
            budget.add_cells(len(cells))
            line = _CELL_SEPARATOR.join(c for c in cells if c.strip())
            if line:
                budget.add_text(line)
                yield line
    for name in _ordered(archive, _XLSX_COMMENTS):
        for element in iter_xml(archive, name, budget):
            if local(element.tag) == "comment":
                text = "".join(t.text or "" for t in element.iter() if local(t.tag) == "t")
                element.clear()
                if text.strip():
                    budget.add_text(text)
                    yield text


def _odf_text(element: Element) -> str:
    parts = [element.text or ""]
    for child in element:
        name = local(child.tag)
        if name == "s":
            parts.append(" " * min(int(child.get(_ODF_C, "1") or 1), 64))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name not in ("note", "annotation"):
            parts.append(_odf_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODF_C = f"{{{_TEXT_NS}}}c"
_REPEAT_COLUMNS = f"{{{_TABLE_NS}}}number-columns-repeated"
_REPEAT_ROWS = f"{{{_TABLE_NS}}}number-rows-repeated"
_OFFICE_VALUE = f"{{{_OFFICE_NS}}}value"


def _repeat(element: Element, attribute: str) -> int:
    try:
        return max(1, int(element.get(attribute, "1")))
    except ValueError as error:
        raise FileError("malformed") from error


def odt_text(archive: zipfile.ZipFile, budget: Budget) -> Iterator[str]:
    """The paragraphs and headings of a text document, with its notes, headers and footers."""
    for name in ("content.xml", "styles.xml"):
        if name not in archive.namelist():
            if name == "content.xml":
                raise FileError("malformed")
            continue
        for element in iter_xml(archive, name, budget):
            if local(element.tag) in ("p", "h") and element.tag.startswith(f"{{{_TEXT_NS}}}"):
                text = _odf_text(element)
                element.clear()
                if text.strip():
                    budget.add_text(text)
                    yield text


def _ods_cell(cell: Element) -> str:
    paragraphs = [_odf_text(p) for p in cell if local(p.tag) == "p"]
    text = "\n".join(p for p in paragraphs if p)
    return text or cell.get(_OFFICE_VALUE, "")


def ods_text(archive: zipfile.ZipFile, budget: Budget) -> Iterator[str]:
    """One line per non-empty row of every table; repeated cells and rows count against the caps."""
    if "content.xml" not in archive.namelist():
        raise FileError("malformed")
    for element in iter_xml(archive, "content.xml", budget):
        if local(element.tag) != "table-row":
            continue
        cells: list[str] = []
        for cell in element:
            if local(cell.tag) not in ("table-cell", "covered-table-cell"):
                continue
            value = _ods_cell(cell)
            if value.strip():  # empty cells repeated to the sheet's edge cost nothing
                repeat = _repeat(cell, _REPEAT_COLUMNS)
                budget.add_cells(repeat)
                cells.extend([value] * repeat)
        rows = _repeat(element, _REPEAT_ROWS) if cells else 1
        element.clear()
        line = _CELL_SEPARATOR.join(cells)
        for _ in range(rows):
            budget.add_row()
            if line:
                budget.add_text(line)
                yield line
