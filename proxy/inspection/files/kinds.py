"""What a file is, from its content first (magic bytes), then its declared name and type.

The content decides; the name and the declared type only refine plain text (CSV, Markdown,
JSON) and are checked against the content, so a PDF renamed ``notes.txt`` or a ZIP sent as
``photo.jpg`` is refused rather than read as something it is not.
"""

import codecs
from pathlib import PurePosixPath
from typing import Literal

import filetype

from proxy.inspection.files.errors import FileError

FileKind = Literal[
    "text", "csv", "markdown", "json", "docx", "odt", "xlsx", "ods", "pdf",
    "zip", "ole", "image", "audio", "video", "archive", "encrypted", "pdf_scan",
    "office_other", "unknown",
]  # fmt: skip
READABLE: frozenset[FileKind] = frozenset(
    {"text", "csv", "markdown", "json", "docx", "odt", "xlsx", "ods", "pdf"}
)
TEXT_KINDS: frozenset[FileKind] = frozenset({"text", "csv", "markdown", "json"})

_ZIP_FAMILY = frozenset({"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"})
_ARCHIVES = frozenset({"tar", "rar", "gz", "bz2", "7z", "xz", "zst", "lz", "lz4", "lzo", "Z", "br", "cab", "ar"})  # fmt: skip
_UTF16_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

# Families a declared extension or type promises; the content must keep that promise.
_EXTENSION_FAMILY = {
    **dict.fromkeys((".txt", ".csv", ".tsv", ".md", ".markdown", ".json", ".log"), "text"),
    ".pdf": "pdf",
    **dict.fromkeys((".docx", ".xlsx", ".odt", ".ods", ".pptx", ".odp", ".zip"), "zip"),
    **dict.fromkeys((".doc", ".xls", ".ppt"), "ole"),
    **dict.fromkeys(
        (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".heic"), "image"
    ),  # fmt: skip
}
_MIME_FAMILY = {
    "application/pdf": "pdf",
    "application/json": "text",
    "application/zip": "zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "zip",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "zip",
    "application/vnd.oasis.opendocument.text": "zip",
    "application/vnd.oasis.opendocument.spreadsheet": "zip",
    "application/msword": "ole",
    "application/vnd.ms-excel": "ole",
}


def family(kind: FileKind) -> str:
    """The broad family of a kind, as a name or a declared type can promise it."""
    if kind in TEXT_KINDS:
        return "text"
    if kind in ("docx", "xlsx", "odt", "ods", "zip", "office_other"):
        return "zip"
    if kind == "pdf_scan":
        return "pdf"
    return kind


def decode_text(data: bytes) -> str | None:
    """The file as text when it is text (UTF-8, UTF-16 with a BOM, or Windows-1252), else None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "cp1252"):  # French spreadsheets exported on Windows
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if all(c >= " " or c in "\t\n\r\f" for c in text[:65_536]):
            return text
        return None
    return None


def sniff(data: bytes) -> FileKind:
    """The kind of a file from its bytes alone (ZIP containers are refined once opened)."""
    guess = filetype.guess(data[:8192]) if data else None
    extension = guess.extension if guess else None
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if extension in _ZIP_FAMILY or data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.startswith(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    ):  # OLE2: legacy Office, or encrypted OOXML
        return "encrypted" if _UTF16_ENCRYPTED_PACKAGE in data else "ole"
    if guess is not None:
        mime = str(guess.mime)
        for prefix, kind in (("image/", "image"), ("audio/", "audio"), ("video/", "video")):
            if mime.startswith(prefix):
                return kind  # type: ignore[return-value]
        if extension in _ARCHIVES:
            return "archive"
        return "unknown"
    return "text" if decode_text(data) is not None else "unknown"


def suffix_of(name: str | None) -> str:
    """The lower-case extension of a declared file name ('' when none)."""
    return PurePosixPath(name.replace("\\", "/")).suffix.lower() if name else ""


def refine_text(name: str | None, declared: str | None) -> FileKind:
    """CSV, Markdown or JSON when the name or type says so, else plain text."""
    suffix, mime = suffix_of(name), _bare(declared)
    if suffix in (".csv", ".tsv") or mime in ("text/csv", "text/tab-separated-values"):
        return "csv"
    if suffix in (".md", ".markdown") or mime == "text/markdown":
        return "markdown"
    if suffix == ".json" or mime == "application/json":
        return "json"
    return "text"


def check_declared(kind: FileKind, name: str | None, declared: str | None) -> None:
    """Refuse a file whose name or declared type promises another family than its content."""
    actual = family(kind)
    promised = [_EXTENSION_FAMILY.get(suffix_of(name)), _MIME_FAMILY.get(_bare(declared))]
    mime = _bare(declared)
    if mime.startswith("image/") and mime != "image/svg+xml":
        promised.append("image")
    elif mime.startswith("text/"):
        promised.append("text")
    for expected in promised:
        if (
            expected is not None
            and expected != actual
            and not (expected == "zip" and actual == "encrypted")
        ):
            raise FileError("type_mismatch")


def _bare(declared: str | None) -> str:
    return (declared or "").split(";")[0].strip().lower()
