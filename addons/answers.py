"""Put the real values back into the answers of a guarded conversation, streaming included.

Streamed answers (SSE, NDJSON, Gemini web's length-prefixed frames) get a chunk transformer that
only holds back an incomplete unit or a possible placeholder prefix, so the first byte is not
delayed; plain JSON answers are rewritten whole. A failure here never leaks anything upstream and
never loses text: what the transformer held is released as it was, the rest of the answer is
passed on as it comes (placeholders visible), and the error is logged without content.
"""

import json
import logging
from collections.abc import Callable

from mitmproxy import http

from addons.context import AddonContext
from addons.state import FlowState, state_of
from anonymizer.vault import Vault
from proxy.inspection.formats.answer_size import AnswerMeter, stream_meter_for
from proxy.inspection.formats.answers import framed, restore_json_text, stream_restorer_for
from proxy.inspection.formats.streams import StreamTransformer

logger = logging.getLogger(__name__)
STREAM_TYPES = (
    "text/event-stream",
    "application/x-ndjson",
    "application/ndjson",
    "application/jsonl",
    "application/stream+json",
    "application/json-seq",
)


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


def drop_stale_length(response: http.Response) -> None:
    """A restored stream changes length: its Content-Length would leave the client waiting (or cut short).

    HTTP/1.1 answers are sent chunked instead; HTTP/2 and 3 frame the body themselves.
    """
    if "content-length" not in response.headers:
        return
    del response.headers["content-length"]
    if response.http_version.startswith("HTTP/1") and "transfer-encoding" not in response.headers:
        response.headers["transfer-encoding"] = "chunked"


class AnswerRestorer:
    """Restores placeholders in answers; keeps streamed answers streaming."""

    def __init__(self, context: AddonContext) -> None:
        self._context = context

    def _vault(self, state: FlowState) -> Vault | None:
        if state.conversation is None or state.status != "cleared":
            return None
        vault = self._context.vaults.get(state.conversation)
        return vault if len(vault) else None

    @staticmethod
    def _meter(state: FlowState) -> AnswerMeter | None:
        """A fresh size counter for the answer to a prompt that was sent on (footprint estimate)."""
        if state.match.kind != "prompt" or state.status != "cleared":
            return None
        state.answer_size = AnswerMeter()
        return state.answer_size

    def responseheaders(self, flow: http.HTTPFlow) -> None:
        """Stream known streaming answers of catalogued tools, through a restorer when needed."""
        state = state_of(flow)
        response = flow.response
        if state is None or response is None or response.headers.get("x-garde-ia"):
            return
        content_type = response.headers.get("content-type", "")
        is_framed = framed(state.match.format)  # a stream whatever its Content-Type says
        if not is_framed and not content_type.split(";")[0].strip().lower().startswith(
            STREAM_TYPES
        ):
            return
        vault = self._vault(state)
        meter = self._meter(state)
        encoding = response.headers.get("content-encoding", "identity")
        transform = (
            stream_restorer_for(
                content_type, vault, state.match.format, meter.event if meter else None
            )
            if vault is not None
            else None
        )
        if transform is None or encoding != "identity":
            # Streamed as it comes (mitmproxy would otherwise buffer the whole answer), counted on the side.
            counter = stream_meter_for(content_type, encoding, meter) if meter is not None else None
            response.stream = counter if counter is not None else True
            return
        response.stream = _safe(transform, state.match.tool.id)
        drop_stale_length(response)

    def response(self, flow: http.HTTPFlow) -> None:
        """Count, then restore placeholders in, a whole (not streamed) JSON answer."""
        state = state_of(flow)
        response = flow.response
        if (
            state is None
            or response is None
            or response.stream
            or response.headers.get("x-garde-ia")
        ):
            return
        if "json" not in response.headers.get("content-type", ""):
            return
        vault, meter = self._vault(state), self._meter(state)
        if vault is None and meter is None:
            return
        try:
            text = response.get_text(strict=True)
            if text and meter is not None:
                meter.whole(json.loads(text))  # the answer as the tool wrote it, before restoring
            if text and vault is not None:
                response.set_text(restore_json_text(text, vault))
        except Exception as error:  # see module docstring
            logger.error(
                "Restauration impossible pour %s (%s)", state.match.tool.id, type(error).__name__
            )
