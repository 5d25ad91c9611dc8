"""Plain-text files (TXT, CSV, Markdown, JSON): decoded, JSON strings unescaped."""

import json
from typing import Any

from proxy.inspection.files.errors import FileError
from proxy.inspection.files.kinds import FileKind, decode_text
from proxy.inspection.files.limits import Budget


def _strings(value: Any, out: list[str], budget: Budget) -> None:
    if isinstance(value, str):
        budget.add_text(value)
        out.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            out.append(key)
            _strings(item, out, budget)
    elif isinstance(value, list):
        for item in value:
            _strings(item, out, budget)
    elif value is not None and not isinstance(value, bool):
        out.append(str(value))


def plain_text(data: bytes, kind: FileKind, budget: Budget) -> str:
    """The file's text; for JSON, its keys and values one per line (JSON escapes decoded)."""
    text = decode_text(data)
    if text is None:
        raise FileError("malformed")
    budget.add_text(text)
    if kind != "json":
        return text
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return text  # not valid JSON: read as the plain text it is
    out: list[str] = []
    try:
        _strings(document, out, budget)
    except RecursionError as error:
        raise FileError("too_long") from error
    return "\n".join(out)
