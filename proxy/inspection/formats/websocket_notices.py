"""Server frames that show garde-ia's notice in a WebSocket tool's page, as the tool's own answer.

A dropped client frame gets no error the page would display; these frames make the notice appear
in the chat instead, in the shapes the tool's pages read.
"""

import json
import re

RECORD_SEPARATOR = "\x1e"  # SignalR ends every record with it
# Read with a regex rather than a parser: the id is wanted even from a frame too broken to parse.
_INVOCATION_ID = re.compile(rb'"invocationId"\s*:\s*"([\w.:-]{1,64})"')


def invocation_id(content: bytes) -> str | None:
    """The SignalR invocation a client frame starts (M365 Copilot), to answer it with a notice."""
    found = _INVOCATION_ID.search(content)
    return found.group(1).decode() if found else None


def copilot_notice(text: str, invocation: str | None = None) -> list[bytes]:  # noqa: ARG001 (no invocation ids)
    """Copilot's streamed answer: the text appended, then the end of the turn."""
    frames = ({"event": "appendText", "text": text}, {"event": "done"})
    return [json.dumps(frame, ensure_ascii=False).encode() for frame in frames]


def signalr_notice(text: str, invocation: str | None = None) -> list[bytes]:
    """SignalR records the chat shows as the bot's answer: an update, then the final item, then the end.

    The shapes are those of M365 Copilot's answers (``type: 1`` updates with a ``messages[].text``
    snapshot, ``type: 2`` final item, ``type: 3`` completion). Without the invocation id, only the
    update is sent (a completion for another invocation would be wrong).
    """
    message = {"author": "bot", "text": text, "messageType": "Chat"}
    records: list[dict[str, object]] = [
        {"type": 1, "target": "update", "arguments": [{"messages": [message]}]}
    ]
    if invocation is not None:
        records += [
            {
                "type": 2,
                "invocationId": invocation,
                "item": {"messages": [message], "result": {"value": "Success"}},
            },
            {"type": 3, "invocationId": invocation},
        ]
    return ["".join(json.dumps(r, ensure_ascii=False) + RECORD_SEPARATOR for r in records).encode()]
