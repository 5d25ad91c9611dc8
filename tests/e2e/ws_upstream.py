"""A local fake WebSocket AI service over TLS (test CA): records every frame, answers like Copilot.

Copilot (``{"event": "send", ...}``): the answer repeats the first placeholder it was sent, in
``appendText`` deltas of three characters (so placeholders are split across frames), then ``done``.
M365 Copilot (SignalR, records ending in ``\\x1e``): cumulative ``type: 1`` snapshots, then the
``type: 2`` item and the ``type: 3`` completion. Any other frame gets ``{"event": "received"}``,
which tests use as a sync point (frames of one connection stay in order).
"""

import json
import re
import ssl
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.frames import Frame, Opcode
from websockets.sync.server import Server, ServerConnection, serve

PLACEHOLDER = re.compile(r"\[[A-Z]+_\d+\]")
RS = "\x1e"


def answer_for(text: str) -> str:
    found = PLACEHOLDER.search(text)
    return f"Voici le mot pour {found.group(0) if found else 'vous'}, bien cordialement."


def copilot_frames(sent: dict[str, Any]) -> list[str]:
    text = " ".join(part.get("text", "") for part in sent.get("content", []))
    answer = answer_for(text)
    deltas = [answer[i : i + 3] for i in range(0, len(answer), 3)]
    return [
        json.dumps({"event": "appendText", "id": "m1", "messageId": "m1", "text": d})
        for d in deltas
    ] + [json.dumps({"event": "done", "id": "m1"})]


def signalr_frames(invocation: dict[str, Any]) -> list[str]:
    text = invocation["arguments"][0]["message"]["text"]
    answer = answer_for(text)
    cut = answer.index("]") + 1 if "]" in answer else len(answer) // 2
    snapshots = [answer[: cut - 4], answer[:cut], answer]  # the first cuts a placeholder in half
    updates = [
        {"type": 1, "target": "update", "arguments": [{"messages": [{"author": "bot", "text": s}]}]}
        for s in snapshots
    ]
    final = {
        "type": 2,
        "invocationId": invocation.get("invocationId", "0"),
        "item": {"messages": [{"author": "bot", "text": answer}]},
    }
    return [json.dumps(u) + RS for u in updates] + [
        json.dumps(final) + RS + json.dumps({"type": 3, "invocationId": "0"}) + RS
    ]


@dataclass
class WsUpstream:
    port: int = 0
    frames: list[str | bytes] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    control: list[tuple[str, bytes]] = field(default_factory=list)  # pings, pongs and closes, raw

    def texts(self) -> str:
        return "\n".join(f if isinstance(f, str) else f.decode("latin-1") for f in self.frames)

    def handle(self, connection: ServerConnection) -> None:
        self.paths.append(connection.request.path if connection.request else "")
        for frame in connection:
            self.frames.append(frame)
            for reply in self._replies(frame):
                connection.send(reply)

    def _replies(self, frame: str | bytes) -> list[str]:
        if isinstance(frame, str):
            try:
                if frame.endswith(RS):
                    record = json.loads(frame.split(RS)[0])
                    if record.get("type") == 4:
                        return signalr_frames(record)
                value = json.loads(frame)
                if isinstance(value, dict) and value.get("event") == "send":
                    return copilot_frames(value)
            except (ValueError, KeyError, IndexError, TypeError):
                pass
        return [json.dumps({"event": "received"})]


def start_ws_upstream(ca_dir: Path) -> tuple[WsUpstream, Server]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(ca_dir / "leaf.pem", ca_dir / "leaf.key")
    upstream = WsUpstream()

    class Recording(ServerConnection):
        def process_event(self, event: object) -> None:
            if isinstance(event, Frame) and event.opcode in (
                Opcode.PING,
                Opcode.PONG,
                Opcode.CLOSE,
            ):
                upstream.control.append((event.opcode.name, bytes(event.data)))
            super().process_event(event)  # type: ignore[arg-type]

    server = serve(upstream.handle, "127.0.0.1", 0, ssl=context, create_connection=Recording)
    upstream.port = server.socket.getsockname()[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return upstream, server
