"""Read one file sent to an AI tool: what it is, how big, and its text when garde-ia can read it."""

import logging
from dataclasses import dataclass

from proxy.inspection.files.archive import open_zip, zip_kind
from proxy.inspection.files.errors import FileError
from proxy.inspection.files.kinds import (
    READABLE,
    TEXT_KINDS,
    FileKind,
    check_declared,
    refine_text,
    sniff,
)
from proxy.inspection.files.limits import Budget, FileLimits
from proxy.inspection.files.members import read_members
from proxy.inspection.files.office import docx_text, ods_text, odt_text, xlsx_text
from proxy.inspection.files.pdf import pdf_text
from proxy.inspection.files.text import plain_text

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FileContent:
    """What garde-ia learnt from a file: its kind, its size, its text (None when unreadable)."""

    kind: FileKind
    size: int
    text: str | None
    unread_parts: int = 0  # members of an archive that could not be read (images, nested archives…)

    @property
    def readable(self) -> bool:
        """Whether the text was read (then the charter applies to it)."""
        return self.text is not None


_OFFICE_READERS = {"docx": docx_text, "xlsx": xlsx_text, "odt": odt_text, "ods": ods_text}


def read_file(
    data: bytes,
    name: str | None = None,
    declared_type: str | None = None,
    limits: FileLimits | None = None,
    nested: bool = False,
) -> FileContent:
    """Detect the file's kind from its content and extract its text, within ``limits``.

    Unreadable kinds (images, scans, archives, encrypted or unknown files) come back without text;
    anything that goes wrong while reading raises :class:`FileError` (the caller blocks).
    """
    limits = limits or FileLimits()
    if len(data) > limits.max_bytes:
        raise FileError("too_large")
    budget = Budget(limits)
    kind = sniff(data)
    check_declared(kind, name, declared_type)
    text: str | None = None
    unread = 0
    if kind == "text":
        kind = refine_text(name, declared_type)
    if kind in TEXT_KINDS:
        text = plain_text(data, kind, budget)
    elif kind == "pdf":
        found = pdf_text(data, budget)
        kind, text = found.kind, found.text
    elif kind == "zip":
        with open_zip(data, budget) as archive:
            kind = zip_kind(archive)
            reader = _OFFICE_READERS.get(kind)
            if reader is not None:
                # A blank line between spreadsheet rows keeps the name finder from joining cells.
                separator = "\n\n" if kind in ("xlsx", "ods") else "\n"
                text = separator.join(reader(archive, budget))
            elif kind == "archive" and not nested:  # a plain ZIP: its files are read one by one
                members = read_members(archive, budget, lambda d, n: _member_text(d, n, limits))
                text, unread = members.text, members.unread
    if kind in READABLE and text is None:
        raise FileError("malformed")
    logger.debug(
        "Fichier lu : type %s, %d octets, %s",
        kind,
        len(data),
        "texte" if text is not None else "illisible",
    )
    return FileContent(kind, len(data), text, unread)


def _member_text(data: bytes, name: str, limits: FileLimits) -> str | None:
    """A member's text, or None when it is unreadable (a nested archive is not opened).

    A member that cannot be read safely (damaged, or not what its name says) blocks the archive.
    """
    return read_file(data, name, None, limits, nested=True).text
