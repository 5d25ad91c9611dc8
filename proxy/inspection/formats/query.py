"""A URL's query string as an editable document: every key and value is read, only edited ones re-encoded.

Assistants take prompts in query strings (``chatgpt.com/?q=…``, search-style URLs). Unlike a form
body, a query may hold keys without ``=`` (``?v2&q=…``): they are kept, and read as text too.
Invalid percent-encoded UTF-8 is an error (the query could not be read, so it does not leave).
"""

from dataclasses import dataclass
from urllib.parse import quote_plus, unquote_plus

from proxy.inspection.formats.errors import PayloadError


@dataclass(slots=True)
class QueryString:
    """The ``&``-separated items of a query: ``[key, value or None]`` decoded, beside their raw spelling."""

    items: list[list[str | None]]
    raw: list[tuple[str, str | None]]

    def render(self) -> str:
        """The query with edited keys and values re-encoded and every other item as it came."""
        out = []
        for (key, value), (raw_key, raw_value) in zip(self.items, self.raw, strict=True):
            new_key = raw_key if key == _decode(raw_key) else quote_plus(key or "", safe="")
            if raw_value is None:
                out.append(new_key)
                continue
            new_value = (
                raw_value if value == _decode(raw_value) else quote_plus(value or "", safe="")
            )
            out.append(f"{new_key}={new_value}")
        return "&".join(out)


def _decode(raw: str) -> str:
    try:
        return unquote_plus(raw, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise PayloadError("malformed_form") from error


def parse_query(query: str) -> QueryString:
    """Parse a query string (without its ``?``); PayloadError if it is not valid UTF-8 once decoded."""
    items: list[list[str | None]] = []
    raw: list[tuple[str, str | None]] = []
    for chunk in query.split("&") if query else []:
        raw_key, equals, raw_value = chunk.partition("=")
        items.append([_decode(raw_key), _decode(raw_value) if equals else None])
        raw.append((raw_key, raw_value if equals else None))
    return QueryString(items, raw)


def query_of(path: str) -> str:
    """The query string of a request target (``""`` when there is none), fragment excluded."""
    return path.partition("?")[2].partition("#")[0]
