"""The files inside a plain ZIP archive, read one by one: an archive never passes unread.

Each member is read like a file sent on its own (its name is part of the text, names can identify
people); members inside a nested archive, images and other unreadable members are counted, so the
policy for unreadable files still applies to them (see :func:`proxy.inspection.files.verdict.judge_file`).
The archive's directory was already checked against the limits by :func:`open_zip`.
"""

import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from proxy.inspection.files.archive import read_entry
from proxy.inspection.files.limits import Budget


@dataclass(frozen=True, slots=True)
class Members:
    """What was read in an archive: the texts (each headed by its member's name) and how many were not."""

    text: str
    unread: int


def read_members(
    archive: zipfile.ZipFile, budget: Budget, read_one: Callable[[bytes, str], str | None]
) -> Members:
    """Read every member with ``read_one(data, name)`` (None: unreadable); directories are skipped."""
    texts: list[str] = []
    unread = 0
    for entry in archive.infolist():
        if entry.is_dir():
            continue
        budget.tick()
        data = read_entry(archive, entry.filename, budget.limits.max_bytes)
        text = read_one(data, entry.filename)
        if text is None:
            unread += 1
            texts.append(entry.filename)  # its name is still read
        else:
            texts.append(f"{entry.filename}\n{text}")
        budget.add_text(texts[-1])
    return Members("\n\n".join(texts), unread)
