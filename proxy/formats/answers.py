"""Putting real values back into AI answers: plain JSON, SSE, NDJSON/line streams, WebSocket frames.

Placeholders may be split across two streamed events (``"[PERS"`` then ``"ONNE_1] a dit"``),
and inside JSON framing a byte-level search would miss them. So each event is parsed, the text
deltas (``choices[].delta.content``, ``delta.text``…) go through one split-safe
:class:`~anonymizer.StreamRestorer` per text channel, and every other string (cumulative
snapshots, titles) is restored on its own. Each event is written out as soon as it is complete:
the first byte of the answer never waits for the end.
"""

import copy
import json
import re
from collections.abc import Callable
from typing import Any

from anonymizer.restore import StreamRestorer, restore
from anonymizer.vault import Vault

Path = tuple[str | int, ...]

# Text deltas of the streaming formats in ai_tools.md §3.2 ("*" stands for any list index).
DELTA_PATHS: frozenset[tuple[str, ...]] = frozenset(
    {
        ("choices", "*", "delta", "content"),  # OpenAI-style APIs, Qwen, Mistral
        ("choices", "*", "delta", "reasoning_content"),
        ("choices", "*", "text"),  # legacy completions
        ("delta", "text"),  # Anthropic API, Claude web (messages mode)
        ("delta", "thinking"),
        ("delta",),  # OpenAI Responses: response.output_text.delta
        ("delta", "message", "content", "text"),  # Cohere v2
        ("v",),  # ChatGPT web and DeepSeek web patches
        ("v", "*", "v"),
        ("candidates", "*", "content", "parts", "*", "text"),  # Gemini API
        ("response", "candidates", "*", "content", "parts", "*", "text"),
        ("result", "response", "token"),  # Grok web
        ("message", "content"),  # Ollama chat
        ("response",),  # Ollama generate
        ("token",),  # HuggingChat
        ("completion",),  # Claude web, legacy
        ("text",),  # Copilot appendText, Pi
        (),  # Le Chat "0:" text records (a bare JSON string)
    }
)
END_TYPES = frozenset(
    {"content_block_stop", "message_stop", "response.output_text.done", "message-end", "done"}
)
_DATA_CODE = re.compile(r"^([0-9a-z]{1,3}):(.*)$", re.DOTALL)


def _shape(path: Path) -> tuple[str, ...]:
    return tuple("*" if isinstance(step, int) else step for step in path)


def _set(root: Any, path: Path, value: str) -> Any:
    if not path:
        return value
    holder = root
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    return root


class EventRestorer:
    """Restores the strings of successive JSON events of one answer, keeping delta channels split-safe."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._channels: dict[Path, StreamRestorer] = {}
        self._last_event: dict[Path, Any] = {}

    def event(self, value: Any) -> Any:
        """The event with placeholders restored (text a channel holds back comes in a later event)."""
        return self._walk(value, (), value)

    def _walk(self, value: Any, path: Path, root: Any) -> Any:
        if isinstance(value, str):
            if _shape(path) in DELTA_PATHS:
                channel = self._channels.setdefault(path, StreamRestorer(self._vault))
                self._last_event[path] = root
                return channel.feed(value)
            return restore(value, self._vault)
        if isinstance(value, dict):
            return {k: self._walk(v, (*path, k), root) for k, v in value.items()}
        if isinstance(value, list):
            return [self._walk(v, (*path, i), root) for i, v in enumerate(value)]
        return value

    def flush(self) -> list[Any]:
        """Events carrying the text channels still held back (a copy of their last event each)."""
        events = []
        for path, channel in self._channels.items():
            rest = channel.flush()
            if rest:
                events.append(_set(copy.deepcopy(self._last_event[path]), path, rest))
        return events


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def ends_turn(value: Any) -> bool:
    """Whether this event ends the answer (text a delta channel held back must come before it)."""
    return isinstance(value, dict) and (
        value.get("type") in END_TYPES or value.get("event") in END_TYPES
    )


class SseRestorer:
    """A streaming transformer for ``text/event-stream`` answers (bytes in, bytes out)."""

    def __init__(self, vault: Vault) -> None:
        self._events = EventRestorer(vault)
        self._buffer = ""
        self._pending = b""

    def __call__(self, chunk: bytes) -> bytes:
        """Transform one chunk; ``b""`` marks the end of the answer."""
        if not chunk:
            return self._finish()
        text = self._decode(chunk)
        # Normalised on the whole buffer: a "\r\n" may be split between two chunks (Perplexity).
        self._buffer = (self._buffer + text).replace("\r\n", "\n")
        out = []
        while "\n\n" in self._buffer:
            raw, self._buffer = self._buffer.split("\n\n", 1)
            out.append(self._event(raw))
        return "".join(out).encode("utf-8")

    def _decode(self, chunk: bytes) -> str:
        data = self._pending + chunk
        for cut in range(len(data), max(len(data) - 4, -1), -1):
            try:
                text = data[:cut].decode("utf-8")
            except UnicodeDecodeError:
                continue
            self._pending = data[cut:]
            return text
        raise ValueError("invalid UTF-8 in the answer stream")

    def _event(self, raw: str) -> str:
        lines = raw.split("\n")
        data_lines = [line[5:].removeprefix(" ") for line in lines if line.startswith("data:")]
        other = [line for line in lines if not line.startswith("data:")]
        if not data_lines:
            return raw + "\n\n"
        data = "\n".join(data_lines)
        try:
            value = json.loads(data)
        except ValueError:
            return (
                self._flush_events(other) + raw + "\n\n"
            )  # "[DONE]" and plain text end the deltas
        restored = self._events.event(value)
        text = "\n".join([*other, f"data: {_dumps(restored)}"]) + "\n\n"
        if ends_turn(value):
            text = self._flush_events(other) + text
        return text

    def _flush_events(self, other: list[str]) -> str:
        named = [line for line in other if line.startswith("event:")]
        return "".join(
            "\n".join([*named, f"data: {_dumps(e)}"]) + "\n\n" for e in self._events.flush()
        )

    def _finish(self) -> bytes:
        tail = self._event(self._buffer) if self._buffer.strip() else self._buffer
        self._buffer = ""
        return (tail + self._flush_events([])).encode("utf-8")


class LineRestorer:
    """A streaming transformer for NDJSON answers and ``<code>:<json>`` line protocols (Le Chat)."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._events = EventRestorer(vault)
        self._buffer = b""

    def __call__(self, chunk: bytes) -> bytes:
        """Transform one chunk; ``b""`` marks the end of the answer."""
        if not chunk:
            tail = self._line(self._buffer.decode("utf-8")) if self._buffer else ""
            self._buffer = b""
            return (tail + "".join(_dumps(e) + "\n" for e in self._events.flush())).encode("utf-8")
        self._buffer += chunk
        out = []
        while b"\n" in self._buffer:
            raw, self._buffer = self._buffer.split(b"\n", 1)
            out.append(self._line(raw.decode("utf-8")) + "\n")
        return "".join(out).encode("utf-8")

    def _line(self, line: str) -> str:
        prefix, body = "", line
        try:
            value = json.loads(body)
        except ValueError:
            coded = _DATA_CODE.match(line)
            if not coded:
                return line
            prefix, body = coded.group(1) + ":", coded.group(2)
            try:
                value = json.loads(body)
            except ValueError:
                return line
            if prefix != "0:" and isinstance(value, str):
                return prefix + _dumps(restore(value, self._vault))
        return prefix + _dumps(self._events.event(value))


def restore_json_text(text: str, vault: Vault) -> str:
    """A whole JSON answer with placeholders restored in every string (unchanged text if none)."""
    value = json.loads(text)
    result = _restore_all(value, vault)
    return text if result == value else _dumps(result)


def _restore_all(value: Any, vault: Vault) -> Any:
    if isinstance(value, str):
        return restore(value, vault)
    if isinstance(value, dict):
        return {k: _restore_all(v, vault) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore_all(v, vault) for v in value]
    return value


def stream_restorer_for(content_type: str, vault: Vault) -> Callable[[bytes], bytes] | None:
    """The transformer for a streamed answer of this Content-Type, or None when not a known stream."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "text/event-stream":
        return SseRestorer(vault)
    if (
        kind
        in (
            "application/x-ndjson",
            "application/ndjson",
            "application/jsonl",
            "application/json-seq",
            "application/stream+json",
            "text/x-ndjson",
        )
        or kind == "text/plain"
    ):
        return LineRestorer(vault)
    return None
