"""Files carried by a request: multipart parts with a file name, a raw body, inline base64 or text.

An :class:`Upload` holds the file's bytes (or text), its declared name and type, and, when the
file travels as plain text in a place garde-ia can edit (Claude's ``extracted_content``, a text
part, base64 text in JSON), the means to write a pseudonymized text back.
"""

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any, Literal

from proxy.inspection.formats.document import Base64Text, Multipart, Part, Slot, select
from proxy.inspection.formats.errors import PayloadError

Encoding = Literal["text", "base64", "bytes"]
_DATA_URL = re.compile(r"data:([^;,]*)(?:;[^;,]*)*;base64,(.*)", re.DOTALL)
_PART_TYPE = re.compile(rb"^content-type:\s*([^\r\n;]+)", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True, slots=True)
class InlineFile:
    """Where a format carries files inline: a selector to the data and sibling keys for its metadata."""

    data: str
    name: str | None = None
    mime: str | None = None
    encoding: Literal["text", "base64"] = "base64"


@dataclass(slots=True)
class Upload:
    """One file of a request; ``slot`` is set only when a text version can be written back."""

    content: bytes | str
    name: str | None
    declared_type: str | None
    slot: Slot | None = None
    encoding: Encoding = "bytes"
    # Where the file sits in the payload, even when it cannot be rewritten: (id(holder), key).
    place: tuple[int, Any] | None = None

    @property
    def data(self) -> bytes:
        """The file's bytes."""
        return self.content.encode("utf-8") if isinstance(self.content, str) else self.content

    @property
    def rewritable(self) -> bool:
        """Whether a pseudonymized text can replace the file without changing its format."""
        return self.slot is not None

    def rewrite(self, text: str) -> None:
        """Put a pseudonymized text in the file's place (only for rewritable uploads)."""
        if self.slot is None:
            raise ValueError("this upload cannot be rewritten")
        self.slot.set(Base64Text(text) if self.encoding == "base64" else text)


def _metadata(holder: Any, key: str | None) -> str | None:
    if key is None or not isinstance(holder, dict):
        return None
    value = holder.get(key)
    return value if isinstance(value, str) else None


def _inline(slot: Slot, spec: InlineFile) -> Upload | None:
    value = slot.get()
    if not isinstance(value, str) or not value:
        return None
    name, mime = _metadata(slot.holder, spec.name), _metadata(slot.holder, spec.mime)
    if spec.encoding == "text" or (
        isinstance(slot.holder, dict) and slot.holder.get("type") == "text"
    ):
        return Upload(value, name, mime, slot, "text", (id(slot.holder), slot.key))
    data_url = _DATA_URL.fullmatch(value)
    if value.startswith(("http://", "https://", "gs://", "file-")):
        return None  # a reference to a file stored elsewhere, not the file itself
    payload = data_url.group(2) if data_url else value
    try:
        content = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as error:
        raise PayloadError("malformed_base64") from error
    declared = data_url.group(1) if data_url else mime
    return Upload(
        content,
        name,
        declared,
        None if data_url or not _is_utf8(content) else slot,
        "base64",
        (id(slot.holder), slot.key),
    )


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def inline_uploads(root: list[Any], specs: tuple[InlineFile, ...]) -> list[Upload]:
    """The files a JSON payload carries inline, each once, in payload order."""
    found: list[Upload] = []
    seen: set[tuple[int, Any]] = set()
    for spec in specs:
        for slot in select(root, spec.data):
            ident = (id(slot.holder), slot.key)
            upload = None if ident in seen else _inline(slot, spec)
            if upload is not None:
                seen.add(ident)
                found.append(upload)
    return found


def _part_type(part: Part) -> str | None:
    match = _PART_TYPE.search(part.head)
    return match.group(1).decode("latin-1").strip() if match else None


def multipart_uploads(doc: Multipart) -> list[Upload]:
    """The parts of a multipart body that carry a file (those with a file name)."""
    uploads = []
    for part in doc.parts:
        if part.filename is None:
            continue
        slot = Slot(part, "content") if isinstance(part.content, str) else None
        uploads.append(
            Upload(
                part.content,
                part.filename,
                _part_type(part),
                slot,
                "text" if slot else "bytes",
                (id(part), "content"),
            )
        )
    return uploads
