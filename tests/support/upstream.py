"""A local fake AI service over HTTPS (test CA): records what it receives, answers like the real APIs.

It echoes the first placeholder (or the first capitalised word pair) it was sent, as a model
repeating a name would, so tests can check that the client gets the real name back.
"""

import json
import re
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.support.system import make_pki

PLACEHOLDER = re.compile(r"\[[A-Z]+_\d+\]")


def make_ca_and_leaf(directory: Path) -> tuple[Path, Path, Path]:
    """A test CA and a leaf for localhost/127.0.0.1; returns (ca.pem, leaf.pem, leaf.key)."""
    pki = make_pki(directory, ["localhost"], "garde-ia test CA")
    return pki.ca, pki.leaf, pki.key


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Upstream:
    port: int
    received: list[Received] = field(default_factory=list)

    def bodies(self) -> bytes:
        return b"\n".join(r.body for r in self.received)


def _echo(body: bytes) -> str:
    text = body.decode("utf-8", "replace")
    found = PLACEHOLDER.search(text)
    return f"Voici le courrier pour {found.group(0) if found else 'vous'}, bien cordialement."


def _chunks(text: str) -> list[str]:
    return [text[i : i + 3] for i in range(0, len(text), 3)]  # splits placeholders across events


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream: Upstream

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.do_POST()  # a GET may carry a body too

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", 0))
        self._handle(self.rfile.read(length))

    do_PUT = do_PATCH = do_DELETE = do_QUERY = do_OPTIONS = do_POST

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, events: list[str]) -> None:
        if self.headers.get(
            "x-test-sse-length"
        ):  # some services send a stream with a Content-Length
            self._send(200, "text/event-stream", "".join(events).encode())
            return
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        for event in events:
            data = event.encode()
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")

    def _handle(self, body: bytes) -> None:
        self.upstream.received.append(
            Received(self.command, self.path, dict(self.headers.items()), body)
        )
        answer = _echo(body)
        wants_stream = b'"stream":true' in body.replace(b" ", b"")
        if self.path.startswith("/v1/chat/completions"):
            if wants_stream:
                events = [
                    f"data: {json.dumps({'id': 'c1', 'object': 'chat.completion.chunk', 'created': 1, 'model': 'm', 'choices': [{'index': 0, 'delta': {'content': c}, 'finish_reason': None}]})}\n\n"
                    for c in _chunks(answer)
                ]
                self._stream([*events, "data: [DONE]\n\n"])
                return
            message: dict[str, object] = {"role": "assistant", "content": answer}
            asks_tool = b'"tools"' in body and b'"role":"tool"' not in body.replace(b" ", b"")
            if asks_tool:  # an agent's first turn: call the tool with the value it was given
                found = PLACEHOLDER.search(body.decode("utf-8", "replace"))
                arguments = json.dumps({"nir": found.group(0) if found else ""})
                message = {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": "verifier_dossier", "arguments": arguments},
                        }
                    ],
                }
            self._send(
                200,
                "application/json",
                json.dumps(
                    {
                        "id": "c1",
                        "object": "chat.completion",
                        "created": 1,
                        "model": "m",
                        "choices": [
                            {
                                "index": 0,
                                "message": message,
                                "finish_reason": "tool_calls" if asks_tool else "stop",
                            }
                        ],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    }
                ).encode(),
            )
        elif self.path.startswith("/v1/messages"):
            start: dict[str, object] = {
                "type": "message_start",
                "message": {
                    "id": "msg_1",
                    "type": "message",
                    "role": "assistant",
                    "model": "m",
                    "content": [],
                    "stop_reason": None,
                    "stop_sequence": None,
                    "usage": {"input_tokens": 1, "output_tokens": 1},
                },
            }
            anthropic: list[dict[str, object]] = [
                start,
                {
                    "type": "content_block_start",
                    "index": 0,
                    "content_block": {"type": "text", "text": ""},
                },
            ]
            anthropic += [
                {
                    "type": "content_block_delta",
                    "index": 0,
                    "delta": {"type": "text_delta", "text": c},
                }
                for c in _chunks(answer)
            ]
            anthropic += [
                {"type": "content_block_stop", "index": 0},
                {
                    "type": "message_delta",
                    "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                    "usage": {"output_tokens": 5},
                },
                {"type": "message_stop"},
            ]
            self._stream([f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in anthropic])
        else:
            self._send(200, "application/json", json.dumps({"ok": True, "echo": answer}).encode())


def start_upstream(ca_dir: Path) -> tuple[Upstream, ThreadingHTTPServer]:
    _, leaf, key = ca_dir / "ca.pem", ca_dir / "leaf.pem", ca_dir / "leaf.key"
    upstream = Upstream(0)
    handler = type("Handler", (_Handler,), {"upstream": upstream})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(leaf, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    upstream.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return upstream, server
