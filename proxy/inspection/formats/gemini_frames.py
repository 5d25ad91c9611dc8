r"""Restore Gemini web answers (``StreamGenerate``): length-prefixed frames of JSON holding JSON.

The answer starts with the XSSI guard ``)]}'``, then frames ``<length>\n<json>\n``. The length
counts UTF-16 code units (JavaScript ``String.length``) from just after its digits, newlines
included (as the open-source gemini_webapi client parses them). Each frame is a list of
parts; a ``["wrb.fr", null, "<inner JSON>", …]`` part carries the answer as a JSON string whose
candidates hold the *whole text so far* at ``inner[4][i][1][0]``.

So each frame is restored on its own: every string of the frame and of its inner JSON goes
through :func:`~anonymizer.restore` (a snapshot is complete text, no state is carried), the inner
JSON is re-encoded, then the outer one, and the length is recomputed over the same span (whatever
whitespace the server counted stays counted). A frame without a placeholder of the vault is sent
on byte for byte. Each frame leaves as soon as its last byte has arrived; the XSSI guard leaves
at once, so the first byte of the answer never waits.
"""

import json
import re
from typing import Any

from anonymizer.restore import restore
from anonymizer.vault import Vault
from proxy.inspection.formats.streams import StreamTransformer

XSSI_GUARD = b")]}'"
ANSWER_PART = "wrb.fr"
_SPACE = re.compile(rb"\s+")
_LENGTH = re.compile(rb"\d{1,9}")
_MAX_UTF8_BYTES_PER_UNIT = (
    3  # a BMP character: 1 unit, up to 3 bytes; an astral one: 2 units, 4 bytes
)


def utf16_length(text: str) -> int:
    """The length JavaScript gives ``text`` (surrogate pairs count two)."""
    return len(text.encode("utf-16-le")) // 2


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class GeminiFrameRestorer(StreamTransformer):
    """A streaming transformer for Gemini web's length-prefixed answer frames (bytes in, bytes out)."""

    def __init__(self, vault: Vault) -> None:
        super().__init__()
        self._vault = vault
        self._started = False  # the XSSI guard, if any, was passed on
        self._final = False

    def _transform(self) -> None:
        position = 0
        try:
            while (step := self._next(position)) is not None:
                position = step
        finally:
            self._buffer = self._buffer[position:]

    def _finish(self) -> None:
        self._final = True
        self._transform()
        rest, self._buffer = self._buffer, b""
        self._ready.append(rest)  # a truncated last frame is passed on as it came

    def _next(self, position: int) -> int | None:
        """Move one unit (guard, whitespace or frame) to ``_ready``; None when more bytes are needed."""
        buffer = self._buffer
        if not self._started:
            waiting = len(buffer) - position < len(XSSI_GUARD) and not self._final
            if waiting and XSSI_GUARD.startswith(buffer[position:]):
                return None
            self._started = True
            if buffer.startswith(XSSI_GUARD, position):
                self._ready.append(XSSI_GUARD)
                return position + len(XSSI_GUARD)
        if position == len(buffer):
            return None
        if space := _SPACE.match(buffer, position):
            self._ready.append(space.group())
            return space.end()
        length = _LENGTH.match(buffer, position)
        if length is None:
            raise ValueError("not a length-prefixed frame")
        if length.end() == len(buffer) and not self._final:
            return None  # the digits may go on in the next chunk
        units = int(length.group())
        body = self._body(length.end(), units)
        if body is None:
            return None
        self._ready.append(self._frame(length.group().decode(), body).encode())
        return length.end() + len(body.encode())

    def _body(self, start: int, units: int) -> str | None:
        """The ``units`` UTF-16 code units after ``start``, or None if they have not all arrived."""
        if len(self._buffer) - start < units:
            return None
        raw = self._buffer[start : start + units * _MAX_UTF8_BYTES_PER_UNIT]
        for cut in range(len(raw), max(len(raw) - 4, -1), -1):  # the slice may end mid-character
            try:
                text = raw[:cut].decode("utf-8")
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValueError("invalid UTF-8 in the answer stream")
        encoded = text[:units].encode("utf-16-le")
        if len(encoded) < 2 * units:
            return None
        return encoded[: 2 * units].decode(
            "utf-16-le"
        )  # raises if the length cuts a surrogate pair

    def _frame(self, digits: str, body: str) -> str:
        core = body.strip()
        if not core:
            return digits + body
        value = json.loads(core)
        restored = self._restore(value)
        if restored == value:
            return digits + body  # untouched, byte for byte
        lead = body[: len(body) - len(body.lstrip())]
        trail = body[len(body.rstrip()) :]
        new_body = lead + _dumps(restored) + trail
        return f"{utf16_length(new_body)}{new_body}"

    def _restore(self, value: Any) -> Any:
        if isinstance(value, str):
            return restore(value, self._vault)
        if isinstance(value, dict):
            return {key: self._restore(item) for key, item in value.items()}
        if isinstance(value, list):
            if len(value) > 2 and value[0] == ANSWER_PART and isinstance(value[2], str):
                return [
                    value[0],
                    self._restore(value[1]),
                    self._restore_inner(value[2]),
                    *self._restore(value[3:]),
                ]
            return [self._restore(item) for item in value]
        return value

    def _restore_inner(self, text: str) -> str:
        try:
            inner = json.loads(text)
        except ValueError:
            return restore(text, self._vault)
        restored = self._restore(inner)
        return text if restored == inner else _dumps(restored)
