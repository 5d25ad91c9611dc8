"""How long an AI's answer was, for the footprint estimate: a length and a token count, never text.

ecologits estimates a request's energy from the number of output tokens. The API's own count
(``usage.completion_tokens``, ``usage.output_tokens``…) is the best source when the answer carries
one; otherwise the answer's text is counted in characters: the text fields of a whole JSON answer,
or the text deltas of a streamed one (the same :data:`~proxy.inspection.formats.answers.DELTA_PATHS` the
restorers use). SSE or JSON framing is never counted: it would inflate the figure several times.
Streams garde-ia does not rewrite are counted on the side by :class:`StreamMeter`, which passes
every chunk on untouched and at once.
"""

import json
import logging
import re
import zlib
from typing import Any

from proxy.inspection.formats.answers import DELTA_PATHS

logger = logging.getLogger(__name__)

Shape = tuple[str, ...]

# Where a whole (not streamed) JSON answer keeps its text ("*" stands for any list index).
WHOLE_TEXT_PATHS: frozenset[Shape] = frozenset(
    {
        ("choices", "*", "message", "content"),  # OpenAI-style chat completions
        ("choices", "*", "message", "reasoning_content"),
        ("choices", "*", "text"),  # legacy completions
        ("content", "*", "text"),  # Anthropic messages
        ("content", "*", "thinking"),
        ("candidates", "*", "content", "parts", "*", "text"),  # Gemini API
        ("output", "*", "content", "*", "text"),  # OpenAI Responses
        ("message", "content", "*", "text"),  # Cohere v2
        ("text",),  # Cohere v1
        ("message", "content"),  # Ollama chat
        ("response",),  # Ollama generate
        ("*", "generated_text"),  # Hugging Face text generation
        ("generated_text",),
    }
)
# Where answers carry the provider's own output-token count (cumulative in streams: the largest wins).
TOKEN_PATHS: frozenset[Shape] = frozenset(
    {
        ("usage", "completion_tokens"),  # OpenAI-style chat (last stream event with include_usage)
        ("usage", "output_tokens"),  # Anthropic (message_delta), OpenAI Responses (whole answer)
        ("message", "usage", "output_tokens"),  # Anthropic message_start
        ("response", "usage", "output_tokens"),  # OpenAI Responses: response.completed
        ("usageMetadata", "candidatesTokenCount"),  # Gemini API
        ("response", "usageMetadata", "candidatesTokenCount"),
        ("usage", "billed_units", "output_tokens"),  # Cohere v2
        ("meta", "billed_units", "output_tokens"),  # Cohere v1
        ("eval_count",),  # Ollama
    }
)
_DATA_CODE = re.compile(r"^([0-9a-z]{1,3}):(.*)$", re.DOTALL)
# A stream unit longer than this is not an answer event: counting stops rather than hold memory.
MAX_PENDING_BYTES = 1 << 20


class AnswerMeter:
    """The size of one answer, counted event by event: characters of text and the API's token count."""

    __slots__ = ("chars", "tokens")

    def __init__(self) -> None:
        self.chars: int | None = None
        self.tokens: int | None = None

    def event(self, value: Any) -> None:
        """Count one streamed event (its text deltas and any token count it carries)."""
        self._walk(value, (), DELTA_PATHS)

    def whole(self, value: Any) -> None:
        """Count a whole JSON answer (its text fields and its token count)."""
        self._walk(value, (), WHOLE_TEXT_PATHS)

    def add_text(self, length: int) -> None:
        """Add ``length`` characters of answer text."""
        self.chars = (self.chars or 0) + length

    def _walk(self, value: Any, shape: Shape, text_paths: frozenset[Shape]) -> None:
        if isinstance(value, str):
            if shape in text_paths:
                self.add_text(len(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                self._walk(item, (*shape, str(key)), text_paths)
        elif isinstance(value, list):
            for item in value:
                self._walk(item, (*shape, "*"), text_paths)
        elif (
            isinstance(value, int)
            and not isinstance(value, bool)
            and value >= 0
            and shape in TOKEN_PATHS
        ):
            self.tokens = max(self.tokens or 0, value)


def _event_of_line(line: str) -> Any:
    """The JSON event of one NDJSON line or ``<code>:<json>`` record (Le Chat), None if it has no text."""
    try:
        return json.loads(line)
    except ValueError:
        coded = _DATA_CODE.match(line)
        if not coded:
            return None
        try:
            value = json.loads(coded.group(2))
        except ValueError:
            return None
        return value if coded.group(1) == "0" or not isinstance(value, str) else None


def _event_of_sse(raw: str) -> Any:
    """The JSON data of one SSE event, None for ``[DONE]``, comments and plain text."""
    data = "\n".join(
        line[5:].removeprefix(" ") for line in raw.split("\n") if line.startswith("data:")
    )
    try:
        return json.loads(data) if data else None
    except ValueError:
        return None


class StreamMeter:
    """A ``response.stream`` callable that counts the answer on the side and passes chunks on as they are.

    It never holds a byte back: each chunk is returned at once, unchanged. Counting keeps a copy of
    the last incomplete unit only (bounded by :data:`MAX_PENDING_BYTES`); any trouble stops the
    counting, never the answer.
    """

    def __init__(self, meter: AnswerMeter, sse: bool, compressed: bool = False) -> None:
        self._meter = meter
        self._sse = sse
        self._separator = b"\n\n" if sse else b"\n"
        # gzip or zlib-wrapped deflate, told apart by their header
        self._decoder = zlib.decompressobj(zlib.MAX_WBITS | 32) if compressed else None
        self._pending: bytes | None = b""  # None once counting stopped

    def __call__(self, chunk: bytes) -> bytes:
        """Count ``chunk`` (``b""`` ends the answer) and hand it back untouched."""
        if self._pending is not None:
            try:
                self._read(chunk)
            except Exception as error:  # counting is a best effort: the answer goes on regardless
                logger.warning("Taille de réponse non mesurée (%s)", type(error).__name__)
                self._pending = None
        return chunk

    def _read(self, chunk: bytes) -> None:
        data = chunk
        if self._decoder is not None:
            data = self._decoder.decompress(chunk) if chunk else self._decoder.flush()
        pending = (self._pending or b"") + data
        if self._sse:
            pending = pending.replace(b"\r\n", b"\n")
        *units, rest = pending.split(self._separator)
        if not chunk:  # the end of the answer: the last unit is complete too
            units, rest = [*units, rest], b""
        for unit in units:
            text = unit.decode("utf-8")
            value = _event_of_sse(text) if self._sse else _event_of_line(text)
            if value is not None:
                self._meter.event(value)
        if len(rest) > MAX_PENDING_BYTES:
            raise OverflowError("unité de flux trop longue")
        self._pending = rest


SSE_TYPES = ("text/event-stream",)
LINE_TYPES = (
    "application/x-ndjson",
    "application/ndjson",
    "application/jsonl",
    "application/json-seq",
    "application/stream+json",
    "text/x-ndjson",
    "text/plain",
)


def stream_meter_for(
    content_type: str, content_encoding: str, meter: AnswerMeter
) -> StreamMeter | None:
    """A side counter for a streamed answer garde-ia passes on as it is, None when it cannot be read."""
    kind = content_type.split(";")[0].strip().lower()
    encoding = content_encoding.strip().lower() or "identity"
    if encoding not in ("identity", "gzip", "deflate") or kind not in (*SSE_TYPES, *LINE_TYPES):
        return None
    return StreamMeter(meter, sse=kind in SSE_TYPES, compressed=encoding != "identity")
