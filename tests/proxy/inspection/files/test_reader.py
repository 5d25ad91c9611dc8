"""proxy.inspection.files on real documents written by python-docx, openpyxl, odfpy, fpdf2 and pypdf."""

import io
import json
import zipfile

import pytest

from proxy.inspection.files import FileContent, FileError, FileLimits, read_file
from tests.support import documents as d

PEOPLE: list[list[object]] = [
    ["Nom", "Téléphone", "NIR"],
    ["Jean Dupont", "06 12 34 56 78", 185057800608436],
]


def text_of(content: FileContent) -> str:
    """The text read from a file the test expects to be readable."""
    assert content.text is not None, "no text read"
    return content.text


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (d.docx_bytes(d.MINUTES), "cr.docx", "docx"),
        (d.odt_bytes(d.MINUTES), "cr.odt", "odt"),
        (d.pdf_bytes(d.MINUTES), "cr.pdf", "pdf"),
        ("\n".join(d.MINUTES).encode(), "cr.txt", "text"),
        ("\n".join(d.MINUTES).encode(), "cr.md", "markdown"),
    ],
    ids=["docx", "odt", "pdf", "txt", "md"],
)
def test_documents_give_their_text(data: bytes, name: str, kind: str) -> None:
    content = read_file(data, name)
    assert content.kind == kind and content.size == len(data)
    assert "Jean Dupont" in text_of(content) and "Marie Durand" in text_of(content)


def test_docx_tables_and_headers_are_read() -> None:
    data = d.docx_bytes(
        d.NEUTRAL,
        table=[["Bénévole", "Rôle"], ["Jean Dupont", "trésorier"]],
        header="Dossier de Marie Durand",
    )
    text = text_of(read_file(data, "cr.docx"))
    assert "Jean Dupont" in text and "Marie Durand" in text


def test_spreadsheets_give_every_cell_numbers_included() -> None:
    xlsx = read_file(d.xlsx_bytes(PEOPLE), "liste.xlsx")
    ods = read_file(d.ods_bytes([[str(v) for v in row] for row in PEOPLE]), "liste.ods")
    for content, kind in ((xlsx, "xlsx"), (ods, "ods")):
        assert content.kind == kind
        assert "Jean Dupont\t06 12 34 56 78\t185057800608436" in text_of(content)


def test_content_decides_not_the_declared_type() -> None:
    assert read_file(d.docx_bytes(d.MINUTES), None, "application/octet-stream").kind == "docx"
    assert read_file(d.xlsx_bytes(PEOPLE)).kind == "xlsx"


def test_csv_in_windows_encoding_and_json_escapes_are_decoded() -> None:
    assert "Hélène Dupont" in text_of(
        read_file("Nom;Ville\nHélène Dupont;Lille\n".encode("cp1252"), "l.csv")
    )
    content = read_file(json.dumps({"nom": "François Dupont"}).encode(), "d.json")
    assert content.kind == "json" and "François Dupont" in text_of(content)


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (d.png_bytes(), "photo.png", "image"),
        (d.scanned_pdf_bytes(), "scan.pdf", "pdf_scan"),
        (d.encrypted_pdf_bytes(d.MINUTES), "cr.pdf", "encrypted"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + "EncryptedPackage".encode("utf-16-le")
            + bytes(64),
            "cr.docx",
            "encrypted",
        ),
        (bytes(range(256)) * 4, "data.bin", "unknown"),
    ],
    ids=[
        "image",
        "scanned-pdf",
        "encrypted-pdf",
        "encrypted-ooxml",
        "binary",
    ],  # archives: test_archives.py
)
def test_unreadable_files_come_back_without_text(data: bytes, name: str, kind: str) -> None:
    content = read_file(data, name)
    assert (content.kind, content.text, content.readable) == (kind, None, False)


@pytest.mark.parametrize(
    ("data", "name", "limits", "problem"),
    [
        (d.zip_bomb_docx(50_000_000), "cr.docx", FileLimits(), "zip_bomb"),
        (
            d.zip_bomb_docx(20_000_000),
            "cr.docx",
            FileLimits(max_unpacked_bytes=10_000_000, max_ratio=10**9),
            "zip_bomb",
        ),
        (d.many_entries_zip(3_000), "cr.docx", FileLimits(), "too_many_entries"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "cr.pdf", FileLimits(), "malformed"),
        (d.docx_bytes(d.MINUTES)[:-200], "cr.docx", FileLimits(), "malformed"),  # truncated
        (
            d.zip_of({"word/document.xml": b"<w:document><unclosed>"}),
            "cr.docx",
            FileLimits(),
            "malformed",
        ),
        (d.zip_of({"word/document.xml": d.BILLION_LAUGHS}), "cr.docx", FileLimits(), "malformed"),
        (d.pdf_bytes(d.MINUTES), "notes.txt", FileLimits(), "type_mismatch"),
        (d.docx_bytes(d.MINUTES), "photo.jpg", FileLimits(), "type_mismatch"),
        (d.pdf_bytes(d.MINUTES, pages=5), "cr.pdf", FileLimits(max_pages=3), "too_long"),
        (d.xlsx_bytes([["Jean", "Dupont"]] * 50), "l.xlsx", FileLimits(max_rows=20), "too_long"),
        (d.docx_bytes(d.MINUTES), "cr.docx", FileLimits(max_bytes=1_000), "too_large"),
    ],
    ids=[
        "zip-bomb-ratio",
        "zip-bomb-total",
        "entries",
        "malformed-pdf",
        "truncated-docx",
        "bad-xml",
        "xml-entities",
        "pdf-named-txt",
        "docx-named-jpg",
        "pages",
        "rows",
        "size",
    ],
)
def test_hostile_or_oversized_files_raise(
    data: bytes, name: str, limits: FileLimits, problem: str
) -> None:
    with pytest.raises(FileError) as error:
        read_file(data, name, None, limits)
    assert error.value.problem == problem
    assert error.value.french  # a plain French sentence for the block page


def test_ods_repeated_cells_count_against_the_cap() -> None:
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        '<table:table><table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    )
    data = d.zip_of(
        {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": content.encode(),
        }
    )
    with pytest.raises(FileError, match="too_long"):
        read_file(data, "l.ods")


def test_docx_with_lying_sizes_is_refused() -> None:
    data = bytearray(d.docx_bytes(d.MINUTES))
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml").file_size > 10
    # Shrink the size the central directory declares: the stdlib stops there and the CRC fails.
    name_at = data.find(b"word/document.xml", data.find(b"PK\x01\x02"))
    size_at = name_at - 46 + 24  # uncompressed size field of that central directory record
    data[size_at : size_at + 4] = (10).to_bytes(4, "little")
    with pytest.raises(FileError, match="malformed"):
        read_file(bytes(data), "cr.docx")
