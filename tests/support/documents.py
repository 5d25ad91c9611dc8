"""Real documents written by the libraries people's software uses, generated for each test run."""

import io
import zipfile
from collections.abc import Sequence

from docx import Document
from fpdf import FPDF
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook
from PIL import Image
from pypdf import PdfReader, PdfWriter

MINUTES = [
    "Compte rendu du conseil d'administration du 12 mars.",
    "Présents : Jean Dupont, trésorier, et Marie Durand, secrétaire.",
    "Le budget de la fête de quartier est adopté à l'unanimité.",
]
NEUTRAL = [
    "Compte rendu du conseil d'administration.",
    "Le budget de la fête de quartier est adopté à l'unanimité.",
    "Prochaine réunion le mois prochain, ordre du jour à préparer.",
]


def docx_bytes(
    paragraphs: list[str], table: list[list[str]] | None = None, header: str = ""
) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    if header:
        document.sections[0].header.paragraphs[0].text = header
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def odt_bytes(paragraphs: list[str]) -> bytes:
    document = OpenDocumentText()
    for text in paragraphs:
        document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def ods_bytes(rows: list[list[str]]) -> bytes:
    document = OpenDocumentSpreadsheet()
    table = Table(name="Feuille1")
    for row in rows:
        table_row = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def pdf_bytes(paragraphs: list[str], pages: int = 1) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for _ in range(pages):
        pdf.add_page()
        for text in paragraphs:
            pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf_bytes() -> bytes:
    """A PDF whose page is only a picture (what a scanner produces): no text layer."""
    picture = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(picture, "PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=100)
    return bytes(pdf.output())


def encrypted_pdf_bytes(paragraphs: list[str]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(paragraphs))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "PNG")
    return out.getvalue()


def zip_bomb_docx(inflated: int = 50_000_000) -> bytes:
    """A DOCX-shaped ZIP whose document part inflates to ``inflated`` bytes of spaces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as entry:
            chunk = b" " * 1_000_000
            for _ in range(inflated // len(chunk)):
                entry.write(chunk)
    return out.getvalue()


def many_entries_zip(entries: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for i in range(entries):
            archive.writestr(f"x/{i}", b"")
    return out.getvalue()


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document>&lol2;</w:document>'
)


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()
