"""Putting real values back into AI answers: plain JSON, SSE, NDJSON/line streams, WebSocket frames.

Placeholders may be split across two streamed events (``"[PERS"`` then ``"ONNE_1] a dit"``),
and inside JSON framing a byte-level search would miss them. So each event is parsed, the text
deltas (``choices[].delta.content``, ``delta.text``…) go through one split-safe
:class:`~anonymizer.StreamRestorer` per text channel, and every other string (cumulative
snapshots, titles) is restored on its own. Each event is written out as soon as it is complete:
the first byte of the answer never waits for the end. Gemini web's length-prefixed frames are
restored by :mod:`proxy.inspection.formats.gemini_frames`; every transformer keeps the
:class:`~proxy.inspection.formats.streams.StreamTransformer` contract (nothing lost when restoring fails).
"""

import copy
import json
import re
from collections.abc import Callable
from typing import Any

from anonymizer.restore import StreamRestorer, restore
from anonymizer.vault import Vault
from proxy.inspection.formats.document import loads_strict
from proxy.inspection.formats.gemini_frames import GeminiFrameRestorer
from proxy.inspection.formats.payloads import payload_format
from proxy.inspection.formats.streams import StreamTransformer
from proxy.inspection.formats.websocket_notices import RECORD_SEPARATOR

Path = tuple[str | int, ...]
EventHook = Callable[[Any], None]  # sees each parsed event before it is restored (answer size)

# Text deltas of the vendors' streaming formats (OpenAI, Anthropic, Gemini, Mistral…; "*" stands for any list index).
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
# Endpoint formats whose answers are streams of their own framing, whatever their Content-Type.
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

    def __init__(self, vault: Vault, on_event: EventHook | None = None) -> None:
        self._vault = vault
        self._on_event = on_event
        self._channels: dict[Path, StreamRestorer] = {}
        self._last_event: dict[Path, Any] = {}

    def event(self, value: Any) -> Any:
        """The event with placeholders restored (text a channel holds back comes in a later event)."""
        if self._on_event is not None:
            self._on_event(value)
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


class SseRestorer(StreamTransformer):
    """A streaming transformer for ``text/event-stream`` answers (bytes in, bytes out)."""

    def __init__(self, vault: Vault, on_event: EventHook | None = None) -> None:
        super().__init__()
        self._events = EventRestorer(vault, on_event)

    def _transform(self) -> None:
        # Normalised on the whole buffer: a "\r\n" may be split between two chunks (Perplexity).
        # "\r" and "\n" never occur inside a UTF-8 sequence, so each event decodes on its own.
        self._buffer = self._buffer.replace(b"\r\n", b"\n")
        position = 0
        try:
            while (end := self._buffer.find(b"\n\n", position)) >= 0:
                self._ready.append(self._event(self._buffer[position:end].decode("utf-8")).encode())
                position = end + 2
        finally:
            self._buffer = self._buffer[position:]

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

    def _finish(self) -> None:
        self._buffer = self._buffer.replace(b"\r\n", b"\n")
        rest = self._buffer.decode("utf-8")
        tail = self._event(rest) if rest.strip() else rest
        self._buffer = b""
        self._ready.append((tail + self._flush_events([])).encode())

    def _held(self) -> bytes:
        return self._flush_events([]).encode()


class LineRestorer(StreamTransformer):
    """A streaming transformer for NDJSON answers and ``<code>:<json>`` line protocols (Le Chat)."""

    def __init__(self, vault: Vault, on_event: EventHook | None = None) -> None:
        super().__init__()
        self._vault = vault
        self._events = EventRestorer(vault, on_event)

    def _transform(self) -> None:
        position = 0
        try:
            while (end := self._buffer.find(b"\n", position)) >= 0:
                self._ready.append(
                    (self._line(self._buffer[position:end].decode("utf-8")) + "\n").encode()
                )
                position = end + 1
        finally:
            self._buffer = self._buffer[position:]

    def _finish(self) -> None:
        tail = self._line(self._buffer.decode("utf-8")) if self._buffer else ""
        self._buffer = b""
        self._ready.append(tail.encode() + self._held())

    def _held(self) -> bytes:
        return "".join(_dumps(e) + "\n" for e in self._events.flush()).encode()

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


def stream_restorer_for(
    content_type: str, vault: Vault, format_id: str = "", on_event: EventHook | None = None
) -> StreamTransformer | None:
    """The transformer for a streamed answer of this Content-Type (or endpoint format), None if unknown.

    Gemini web answers are recognised by their endpoint's format: they come as ``application/json``
    while being a stream of length-prefixed frames. ``on_event`` sees each JSON event of SSE and
    line streams as it came from the tool (the answer's size is counted from it).
    """
    kind = content_type.split(";")[0].strip().lower()
    if framed(format_id) and "html" not in kind:
        return GeminiFrameRestorer(vault)
    if kind == "text/event-stream":
        return SseRestorer(vault, on_event)
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
        return LineRestorer(vault, on_event)
    return None


def framed(format_id: str) -> bool:
    """Whether this format's answers are a stream of frames whatever their Content-Type says."""
    return payload_format(format_id).framing == "gemini_frames"


def restore_frame(text: str, restorer: EventRestorer) -> list[str]:
    """One WebSocket answer frame with placeholders restored: the frame, then any frames to add after it.

    SignalR frames carry several records, each ended by a record separator: the text held back at
    the end of an answer goes back into the same frame as records. A plain JSON frame gets that
    held text in frames of its own, after it.
    """
    records = text.split(RECORD_SEPARATOR)
    restored: list[str] = []
    for record in records:
        value = loads_strict(record) if record.strip() else None
        if value is not None and ends_turn(value):  # text held back at the end of the answer
            restored += [json.dumps(e, ensure_ascii=False) for e in restorer.flush()]
        restored.append(
            json.dumps(restorer.event(value), ensure_ascii=False) if record.strip() else record
        )
    if len(records) > 1 or len(restored) == 1:
        return [RECORD_SEPARATOR.join(restored)]
    return restored
