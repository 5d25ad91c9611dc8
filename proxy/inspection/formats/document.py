"""A request body as a tree garde-ia can edit in place and write back with the same layering.

Bodies nest formats: JSON strings holding JSON (Gemini ``f.req``), form fields holding JSON
(Meta AI ``variables``), multipart parts holding JSON (HuggingChat ``data``), Connect-RPC
envelopes holding JSON (Kimi), base64 holding a text file (Grok uploads). A selector such as
``f.req/@json/1/@json/0/0`` walks those layers; each layer is re-encoded on render, with
lengths recomputed.
"""

import base64
import binascii
import contextlib
import json
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from proxy.inspection.formats.errors import PayloadError

MAX_DEPTH = 64


def _no_constants(name: str) -> Any:
    raise ValueError(f"JSON constant {name} refused")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")  # "last one wins" would hide a copy of the text
    return result


def loads_strict(text: str) -> Any:
    """Parse JSON refusing NaN/Infinity, duplicate keys and absurd nesting."""
    if _nesting(text) > MAX_DEPTH:
        raise PayloadError("malformed_json")
    try:
        return json.loads(text, parse_constant=_no_constants, object_pairs_hook=_no_duplicates)
    except (ValueError, RecursionError) as error:
        raise PayloadError("malformed_json") from error


def _nesting(text: str) -> int:
    depth = deepest = 0
    for char in re.sub(r'"(?:[^"\\]|\\.)*"', "", text):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def dumps(value: Any) -> str:
    """Compact JSON, layers re-encoded; lone surrogates are refused."""
    text = json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise PayloadError("invalid_utf8") from error
    return text


@dataclass(slots=True)
class Embedded:
    """A JSON document written inside a string."""

    value: Any


@dataclass(slots=True)
class Base64Text:
    """A UTF-8 text file written in base64 inside a string."""

    value: str


@dataclass(slots=True)
class Form:
    """An ``application/x-www-form-urlencoded`` body (or a query string): ordered pairs."""

    pairs: list[list[str]]


@dataclass(slots=True)
class Part:
    """One part of a multipart body; ``content`` is text when the part is UTF-8, else bytes."""

    head: bytes
    name: str | None
    filename: str | None
    content: Any


@dataclass(slots=True)
class Multipart:
    """A ``multipart/form-data`` body, kept byte for byte except the edited parts."""

    boundary: bytes
    parts: list[Part]


@dataclass(slots=True)
class Envelopes:
    """Connect-RPC streaming envelopes: a flag byte, a 4-byte big-endian length, JSON."""

    frames: list[list[Any]] = field(default_factory=list)


@dataclass(slots=True)
class Records:
    """SignalR records, each a JSON document followed by the 0x1E separator."""

    records: list[Any]


def _plain(value: Any) -> Any:
    if isinstance(value, Embedded):
        return dumps(value.value)
    if isinstance(value, Base64Text):
        return base64.b64encode(value.value.encode("utf-8")).decode("ascii")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# ---------- parsing ----------


def parse_form(text: str) -> Form:
    """Parse a urlencoded body strictly (malformed pairs or invalid UTF-8 are errors)."""
    if not text:
        return Form([])
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True, errors="strict")
    except (ValueError, UnicodeDecodeError) as error:
        raise PayloadError("malformed_form") from error
    return Form([[k, v] for k, v in pairs])


_DISPOSITION_PARAM = re.compile(rb';\s*([a-zA-Z*]+)="?([^";]*)"?')


def boundary_of(content_type: str) -> bytes:
    """The multipart boundary of a Content-Type (quoted or not)."""
    match = re.search(r'boundary="?([^";]+)"?', content_type, re.IGNORECASE)
    if not match or len(match.group(1)) > 70:
        raise PayloadError("malformed_multipart")
    return match.group(1).encode("ascii", "strict")


def _part(chunk: bytes) -> Part:
    head, sep, content = chunk.partition(b"\r\n\r\n")
    if not sep or not head.lower().startswith(b"content-") and b"\r\ncontent-" not in head.lower():
        raise PayloadError("malformed_multipart")
    if re.search(rb"content-transfer-encoding", head, re.IGNORECASE):
        raise PayloadError("malformed_multipart")  # base64 parts would hide text from the scan
    params = {}
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-disposition:"):
            params = {k.lower(): v for k, v in _DISPOSITION_PARAM.findall(line)}
    name = params.get(b"name")
    filename = params.get(b"filename")
    body: Any = content
    with contextlib.suppress(UnicodeDecodeError):
        body = content.decode("utf-8")
    return Part(
        head,
        name.decode() if name is not None else None,
        filename.decode() if filename else None,
        body,
    )


def parse_multipart(body: bytes, content_type: str) -> Multipart:
    """Parse ``multipart/form-data`` strictly: every part complete, a closing delimiter present."""
    boundary = boundary_of(content_type)
    delimiter = b"--" + boundary
    if not body.startswith(delimiter):
        raise PayloadError("malformed_multipart")
    sections = body.split(b"\r\n" + delimiter)
    first = sections[0][len(delimiter) :]
    chunks = [first, *sections[1:]]
    if len(chunks) < 2 or not chunks[-1].startswith(b"--"):
        raise PayloadError("malformed_multipart")
    parts = []
    for chunk in chunks[:-1]:
        if not chunk.startswith(b"\r\n"):
            raise PayloadError("malformed_multipart")
        parts.append(_part(chunk[2:]))
    return Multipart(boundary, parts)


def parse_envelopes(body: bytes) -> Envelopes:
    """Parse Connect-RPC envelopes; lengths must add up exactly."""
    frames: list[list[Any]] = []
    offset = 0
    while offset < len(body):
        if len(body) - offset < 5:
            raise PayloadError("malformed_envelope")
        flag, length = struct.unpack_from(">BI", body, offset)
        payload = body[offset + 5 : offset + 5 + length]
        if len(payload) != length or flag & 0x01:  # compressed envelopes are not read
            raise PayloadError("malformed_envelope")
        frames.append([flag, loads_strict(payload.decode("utf-8"))])
        offset += 5 + length
    return Envelopes(frames)


def parse_records(text: str) -> Records:
    """Parse SignalR JSON records (each ends with 0x1E)."""
    if not text.endswith("\x1e"):
        raise PayloadError("malformed_envelope")
    return Records([loads_strict(r) for r in text.split("\x1e")[:-1]])


# ---------- rendering ----------


def render_multipart(doc: Multipart) -> bytes:
    """Write a multipart body back with its boundary and part headers unchanged."""
    out = bytearray()
    for part in doc.parts:
        content = part.content
        if isinstance(content, Embedded | Base64Text):
            content = _plain(content)
        data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        out += b"--" + doc.boundary + b"\r\n" + part.head + b"\r\n\r\n" + data + b"\r\n"
    out += b"--" + doc.boundary + b"--\r\n"
    return bytes(out)


def render(doc: Any) -> bytes:
    """Serialize a document tree back to body bytes."""
    if isinstance(doc, Form):
        return urlencode([(k, _plain(v)) for k, v in doc.pairs]).encode("ascii")
    if isinstance(doc, Multipart):
        return render_multipart(doc)
    if isinstance(doc, Envelopes):
        out = bytearray()
        for flag, value in doc.frames:
            payload = dumps(value).encode("utf-8")
            out += struct.pack(">BI", flag, len(payload)) + payload
        return bytes(out)
    if isinstance(doc, Records):
        return "".join(dumps(r) + "\x1e" for r in doc.records).encode("utf-8")
    if isinstance(doc, str):
        return doc.encode("utf-8")
    if isinstance(doc, Base64Text | Embedded):
        return str(_plain(doc)).encode("utf-8")
    return dumps(doc).encode("utf-8")


# ---------- selectors ----------


@dataclass(frozen=True, slots=True)
class Slot:
    """A place in the tree holding a value: ``holder[key]`` (or an attribute of a part/layer)."""

    holder: Any
    key: Any

    def get(self) -> Any:
        """The value in this place."""
        if isinstance(self.holder, Part | Embedded | Base64Text):
            return getattr(self.holder, self.key)
        return self.holder[self.key]

    def set(self, value: Any) -> None:
        """Replace the value in this place."""
        if isinstance(self.holder, Part | Embedded | Base64Text):
            setattr(self.holder, self.key, value)
        else:
            self.holder[self.key] = value


def _open_json(slot: Slot) -> Iterator[Slot]:
    value = slot.get()
    if isinstance(value, str):
        stripped = value.lstrip()
        if stripped[:1] not in ("{", "["):
            return
        value = Embedded(loads_strict(value))
        slot.set(value)
    if isinstance(value, Embedded):
        yield Slot(value, "value")


def _open_base64(slot: Slot) -> Iterator[Slot]:
    value = slot.get()
    if isinstance(value, str):
        try:
            text = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, ValueError) as error:
            raise PayloadError("binary") from error
        value = Base64Text(text)
        slot.set(value)
    if isinstance(value, Base64Text):
        yield Slot(value, "value")


def _children(slot: Slot, step: str) -> Iterator[Slot]:
    value = slot.get()
    if step == "@json":
        yield from _open_json(slot)
    elif step == "@base64":
        yield from _open_base64(slot)
    elif isinstance(value, Embedded):
        yield from _children(Slot(value, "value"), step)
    elif isinstance(value, dict):
        keys = list(value) if step == "*" else [step] if step in value else []
        yield from (Slot(value, k) for k in keys)
    elif isinstance(value, list):
        if step == "*":
            yield from (Slot(value, i) for i in range(len(value)))
        elif re.fullmatch(r"-?\d+", step) and -len(value) <= int(step) < len(value):
            yield Slot(value, int(step))
    elif isinstance(value, Form):
        yield from (Slot(pair, 1) for pair in value.pairs if step in ("*", pair[0]))
    elif isinstance(value, Multipart):
        # Parts with a file name are files, read by proxy.inspection.files, never selected as texts.
        files = (part for part in value.parts if part.filename is None)
        yield from (Slot(part, "content") for part in files if step in ("*", part.name))
    elif isinstance(value, Envelopes):
        yield from (Slot(frame, 1) for frame in value.frames if step == "*")
    elif isinstance(value, Records):
        yield from (Slot(value.records, i) for i in range(len(value.records)) if step == "*")


def select(root: list[Any], selector: str) -> list[Slot]:
    """Every place matching ``selector`` (``/``-separated keys, indexes, ``*``, ``@json``, ``@base64``)."""
    slots = [Slot(root, 0)]
    for step in selector.split("/"):
        slots = [child for slot in slots for child in _children(slot, step)]
    return slots


def text_slots(root: list[Any], selectors: tuple[str, ...]) -> list[Slot]:
    """The places matching any selector whose value is a string (each place once, in order)."""
    seen: set[tuple[int, Any]] = set()
    found = []
    for selector in selectors:
        for slot in select(root, selector):
            ident = (id(slot.holder), slot.key)
            value = slot.get()
            if ident not in seen and isinstance(value, str) and value.strip():
                seen.add(ident)
                found.append(slot)
    return found
