"""The contract of a streamed-answer transformer: bytes in, bytes out, nothing lost on failure.

mitmproxy calls ``response.stream`` with each chunk of the answer and ``b""`` at its end. A
transformer cuts the answer into units (an SSE event, a line, a length-prefixed frame), restores
each one and sends it on as soon as it is complete. The raw bytes of a unit leave the buffer only
once the unit is transformed, so :meth:`StreamTransformer.abandon` can always give back everything
received and not yet sent when a transform fails half-way: placeholders may stay visible, but no
text of the answer is ever lost.
"""

import logging
from abc import ABC, abstractmethod

logger = logging.getLogger(__name__)


class StreamTransformer(ABC):
    """Restores one streamed answer unit by unit; ``abandon`` hands back what it still holds."""

    def __init__(self) -> None:
        self._buffer = b""  # received, not yet transformed (an incomplete unit, or a failed one)
        self._ready: list[bytes] = []  # transformed, not yet returned

    def __call__(self, chunk: bytes) -> bytes:
        """Transform one chunk; ``b""`` marks the end of the answer."""
        self._buffer += chunk
        if chunk:
            self._transform()
        else:
            self._finish()
        return self._take()

    def abandon(self) -> bytes:
        """After a failure: what was transformed, the text held back, then the rest as it came."""
        try:
            held = self._held()
        except Exception as error:  # the held text is lost only if releasing it fails too
            logger.error("Texte retenu non libéré (%s)", type(error).__name__)
            held = b""
        rest, self._buffer = self._buffer, b""
        return self._take() + held + rest

    def _take(self) -> bytes:
        out = b"".join(self._ready)
        self._ready.clear()
        return out

    @abstractmethod
    def _transform(self) -> None:
        """Move every complete unit of ``_buffer``, transformed, to ``_ready``."""

    @abstractmethod
    def _finish(self) -> None:
        """End of the answer: transform what is left and release anything held back."""

    def _held(self) -> bytes:
        """Text held back (a possible placeholder prefix), written as units of the stream."""
        return b""
