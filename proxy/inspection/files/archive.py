"""ZIP containers (DOCX, XLSX, ODT, ODS) opened with caps, and their XML parts read without entities.

The central directory is checked before any entry is inflated: number of entries, declared
total size, compression ratio, encrypted entries. The standard library never inflates an entry
past its declared size and refuses overlapping entries, so the declared sizes bound the work.
XML is parsed by defusedxml (no DTD, no entity expansion), as a stream.
"""

import io
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import iterparse

from proxy.inspection.files.errors import FileError
from proxy.inspection.files.kinds import FileKind
from proxy.inspection.files.limits import Budget

_ODF_KINDS: dict[str, FileKind] = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def open_zip(data: bytes, budget: Budget) -> zipfile.ZipFile:
    """Open a ZIP container after checking its directory against the limits."""
    limits = budget.limits
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise FileError("malformed") from error
    if len(entries) > limits.max_entries:
        raise FileError("too_many_entries")
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            raise FileError("zip_bomb")
    if total > limits.max_unpacked_bytes:
        raise FileError("zip_bomb")
    return archive


def zip_kind(archive: zipfile.ZipFile) -> FileKind:
    """Which document a ZIP container holds (``encrypted`` when its entries are encrypted)."""
    names = set(archive.namelist())
    if any(entry.flag_bits & 0x1 for entry in archive.infolist()):
        return "encrypted"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "mimetype" in names:
        mimetype = read_entry(archive, "mimetype", 200).decode("ascii", "replace").strip()
        if "META-INF/manifest.xml" in names and b"encryption-data" in read_entry(
            archive, "META-INF/manifest.xml", 1_000_000
        ):
            return "encrypted"
        return _ODF_KINDS.get(mimetype, "office_other")
    if "[Content_Types].xml" in names:
        return "office_other"  # presentations and other Office containers: not read
    return "archive"


def read_entry(archive: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """One entry's bytes, at most ``cap`` (beyond is treated as a bomb)."""
    try:
        with archive.open(name) as stream:
            data = stream.read(cap + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise FileError("malformed") from error
    if len(data) > cap:
        raise FileError("zip_bomb")
    return data


def iter_xml(archive: zipfile.ZipFile, name: str, budget: Budget) -> Iterator[Element]:
    """The ``end`` events of one XML entry, streamed (callers clear what they consumed)."""
    try:
        with archive.open(name) as stream:
            for count, (_event, element) in enumerate(iterparse(stream, events=("end",))):
                if count % 2048 == 0:
                    budget.tick()
                yield element
    except FileError:
        raise
    except Exception as error:  # malformed XML, forbidden DTD/entities, corrupt deflate data
        raise FileError("malformed") from error


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rpartition("}")[2]
