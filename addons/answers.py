"""Put the real values back into the answers of a guarded conversation, streaming included.

Streamed answers (SSE, NDJSON, Gemini web's length-prefixed frames) get a chunk transformer that
only holds back an incomplete unit or a possible placeholder prefix, so the first byte is not
delayed; plain JSON answers are rewritten whole. A failure here never leaks anything upstream and
never loses text: what the transformer held is released as it was, the rest of the answer is
passed on as it comes (placeholders visible), and the error is logged without content.
"""

import logging
from collections.abc import Callable

from mitmproxy import http

from addons.context import GuardContext
from addons.state import GuardState, state_of
from anonymizer.vault import Vault
from proxy.formats.answers import FRAMED_FORMATS, restore_json_text, stream_restorer_for
from proxy.formats.streams import StreamTransformer

logger = logging.getLogger(__name__)
STREAM_TYPES = ("text/event-stream", "application/x-ndjson", "application/ndjson", "application/jsonl",
                "application/stream+json", "application/json-seq")


def _safe(transform: StreamTransformer, tool_id: str) -> Callable[[bytes], bytes | list[bytes]]:
    """The transformer, falling back for good to passing chunks on as they come after a failure.

    Mid-answer, "nothing to send yet" must be an empty list, never ``b""``: mitmproxy would send
    an empty chunk, which in HTTP/1.1 chunked encoding ends the answer for the browser.
    """
    failed = False

    def run(chunk: bytes) -> bytes | list[bytes]:
        nonlocal failed
        if failed:
            return chunk
        try:
            out = transform(chunk)
        except Exception as error:  # an answer is never blocked for a restore failure
            failed = True
            logger.error("Restauration interrompue pour %s (%s)", tool_id, type(error).__name__)
            out = transform.abandon()  # what it held, this chunk included: no text is lost
        return out if out or not chunk else []

    return run


class AnswerRestorer:
    """Restores placeholders in answers; keeps streamed answers streaming."""

    def __init__(self, context: GuardContext) -> None:
        self._context = context

    def _vault(self, state: GuardState) -> Vault | None:
        if state.conversation is None or state.status != "cleared":
            return None
        vault = self._context.vaults.get(state.conversation)
        return vault if len(vault) else None

    def responseheaders(self, flow: http.HTTPFlow) -> None:
        """Stream known streaming answers of catalogued tools, through a restorer when needed."""
        state = state_of(flow)
        response = flow.response
        if state is None or response is None or response.headers.get("x-garde-ia"):
            return
        content_type = response.headers.get("content-type", "")
        framed = state.match.format in FRAMED_FORMATS  # a stream whatever its Content-Type says
        if not framed and not content_type.split(";")[0].strip().lower().startswith(STREAM_TYPES):
            return
        vault = self._vault(state)
        transform = (
            stream_restorer_for(content_type, vault, state.match.format) if vault is not None else None
        )
        if transform is None or response.headers.get("content-encoding", "identity") != "identity":
            response.stream = True  # mitmproxy would otherwise buffer the whole answer
            return
        response.stream = _safe(transform, state.match.tool.id)

    def response(self, flow: http.HTTPFlow) -> None:
        """Restore placeholders in a whole (not streamed) JSON answer."""
        state = state_of(flow)
        response = flow.response
        if state is None or response is None or response.stream or response.headers.get("x-garde-ia"):
            return
        vault = self._vault(state)
        if vault is None or "json" not in response.headers.get("content-type", ""):
            return
        try:
            text = response.get_text(strict=True)
            if text:
                response.set_text(restore_json_text(text, vault))
        except Exception as error:  # see module docstring
            logger.error("Restauration impossible pour %s (%s)", state.match.tool.id, type(error).__name__)
