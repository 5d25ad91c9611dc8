"""Read a request body in its declared payload format: the user's texts, and the checked texts put back.

The formats themselves are declared in :mod:`proxy.inspection.formats.payloads`. When a known
format no longer finds any text (the tool changed its payload), the generic extractor takes over
rather than letting it pass.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from proxy.inspection.formats.decoding import decode_text
from proxy.inspection.formats.document import (
    Multipart,
    Slot,
    loads_strict,
    parse_envelopes,
    parse_form,
    parse_multipart,
    parse_records,
    render,
    select,
    text_slots,
)
from proxy.inspection.formats.errors import PayloadError
from proxy.inspection.formats.generic import generic_slots
from proxy.inspection.formats.leaves import Leaf, other_leaves, place
from proxy.inspection.formats.payloads import FORMATS, Container
from proxy.inspection.formats.query import QueryString, parse_query
from proxy.inspection.formats.uploads import Upload, inline_uploads, multipart_uploads

_BINARY_TYPES = (
    "image/",
    "audio/",
    "video/",
    "application/pdf",
    "application/zip",
    "application/octet-stream",
    "application/vnd.",
    "application/msword",
    "application/x-protobuf",
    "application/grpc",
)


@dataclass(slots=True)
class Extraction:
    """The texts found in one payload and the means to write checked texts back."""

    root: list[Any]
    slots: list[Slot]
    conversation: str | None
    model: str | None
    container: Container
    uploads: list[Upload] = field(default_factory=list)
    # Every other string leaf of the body and of the query string: checked too (proxy.inspection.formats.leaves).
    extras: list[Leaf] = field(default_factory=list)
    query: QueryString | None = None

    @property
    def texts(self) -> list[str]:
        """The user's texts, in payload order."""
        return [slot.get() for slot in self.slots]

    def rebuild(self, texts: list[str]) -> bytes:
        """The payload with each text replaced by its checked version (same layering)."""
        if len(texts) != len(self.slots):
            raise ValueError("one text per slot")
        for slot, text in zip(self.slots, texts, strict=True):
            slot.set(text)
        _fix_declared_sizes(self.root[0])
        return render(self.root[0])

    def rebuild_query(self) -> str | None:
        """The query string as checked (None when the request had none outside its body format)."""
        return self.query.render() if self.query is not None else None


def _fix_declared_sizes(doc: Any) -> None:
    # Claude web declares each inline attachment's size next to its text.
    if isinstance(doc, dict):
        for attachment in doc.get("attachments") or []:
            text = attachment.get("extracted_content") if isinstance(attachment, dict) else None
            if isinstance(text, str) and "file_size" in attachment:
                attachment["file_size"] = len(text.encode("utf-8"))


def _sniff(body: bytes, content_type: str) -> Container:
    if not body:
        return "text"  # nothing in the body (a GET with a query string): only the query is read
    kind = content_type.split(";")[0].strip().lower()
    if kind.startswith("multipart/"):
        return "multipart"
    if "x-www-form-urlencoded" in kind:
        return "form"
    if kind.startswith("application/connect+json"):
        return "envelopes"
    if "json" in kind or body.lstrip()[:1] in (b"{", b"["):
        return "json"
    if kind.startswith(_BINARY_TYPES):
        raise PayloadError("binary")
    return "text"


def parse_container(container: Container, body: bytes, content_type: str, query: str = "") -> Any:
    """Parse the outer layer of a body into an editable document."""
    if container == "auto":
        container = _sniff(body, content_type)
    if container == "query":
        return parse_form(query)
    if container == "multipart":
        return parse_multipart(body, content_type)
    if container == "envelopes":
        return parse_envelopes(body)
    if container == "text" and content_type.split(";")[0].strip().lower().startswith(_BINARY_TYPES):
        raise PayloadError("binary")
    text = decode_text(body, content_type)
    if container == "form":
        return parse_form(text)
    if container == "records":
        return parse_records(text)
    if container == "text":
        return text
    return loads_strict(text)


def _first_string(root: list[Any], selectors: tuple[str, ...]) -> str | None:
    for selector in selectors:
        for slot in select(root, selector):
            value = slot.get()
            if isinstance(value, str | int) and not isinstance(value, bool):
                return str(value)
    return None


def _binary_parts(doc: Any) -> bool:
    parts = doc.parts if isinstance(doc, Multipart) else []
    return any(isinstance(p.content, bytes) and p.filename is None for p in parts)


def _file_body(body: bytes, content_type: str) -> tuple[Any, list[Upload]]:
    if content_type.split(";")[0].strip().lower().startswith("multipart/"):
        doc = parse_multipart(body, content_type)
        return doc, multipart_uploads(doc)
    return body, [Upload(body, None, content_type or None)] if body else []


def extract(
    format_id: str, body: bytes, content_type: str, path: str = "", query: str = ""
) -> Extraction:
    """Find the user's texts in a request body of the given format (PayloadError if unreadable)."""
    spec = FORMATS.get(format_id)
    if spec is None:
        raise PayloadError("unknown_format")
    container = spec.container
    if container == "auto":
        container = _sniff(body, content_type)
    if container == "file":
        doc, uploads = _file_body(body, content_type)
    else:
        doc = parse_container(container, body, content_type, query)
        uploads = multipart_uploads(doc) if isinstance(doc, Multipart) else []
    if _binary_parts(doc):
        raise PayloadError("binary")
    root: list[Any] = [doc]
    uploads += inline_uploads(root, spec.files)
    file_places = frozenset(u.place for u in uploads if u.place is not None)
    if container == "text":
        slots = [Slot(root, 0)] if doc.strip() else []
    elif container == "file":
        slots = generic_slots(root) if isinstance(doc, Multipart) else []
    else:
        slots = text_slots(root, spec.texts) if spec.texts else []
        if not slots:  # unknown tool or a changed format: look everywhere (files excepted)
            slots = generic_slots(root, file_places)
    conversation = _first_string(root, spec.conversation) if spec.conversation else None
    if conversation is None and spec.conversation_in_path:
        found = re.search(spec.conversation_in_path, path)
        conversation = found.group(1) if found else None
    model = _first_string(root, spec.model) if spec.model else None
    if model is None and spec.model_in_path:
        found = re.search(spec.model_in_path, path)
        model = found.group(1) if found else None
    query_doc = parse_query(query) if query and container != "query" else None
    taken = file_places | {place(slot) for slot in slots}
    roots: list[list[Any]] = [root, [query_doc]] if query_doc is not None else [root]
    extras = other_leaves(roots, frozenset(taken))
    return Extraction(root, slots, conversation, model, container, uploads, extras, query_doc)
