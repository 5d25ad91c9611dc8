"""A local fake Gemini web service over HTTPS (test CA): StreamGenerate answers in length-prefixed frames.

The answer repeats the first placeholder of the prompt (``JSON(JSON(f.req)[1])[0][0]``) in cumulative
snapshots framed as in ai_tools.md §2.3: ``)]}'``, then ``<length>\\n<json>\\n`` with the length in
UTF-16 code units, the text a JSON string inside the frame. After the first two frames the service
waits until the test says its client has received a frame (``release``), which shows the proxy
forwards each frame as it comes instead of buffering the answer.
"""

import json
import re
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

PLACEHOLDER = re.compile(r"\[[A-Z]+_\d+\]")
STREAM_PATH = "/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate"
WAIT_SECONDS = 60  # only breaks a deadlock if the proxy buffered the answer; the test then fails


def frame(value: object) -> bytes:
    body = "\n" + json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
    return f"{len(body.encode('utf-16-le')) // 2}{body}".encode()


def answer_frames(prompt: str) -> list[bytes]:
    found = PLACEHOLDER.search(prompt)
    answer = f"Voici le mot pour {found.group(0) if found else 'vous'} 🌻, bien cordialement."
    cut = answer.index("[") + 5 if found else len(answer) // 2
    frames = [
        frame(
            [
                [
                    "wrb.fr",
                    None,
                    json.dumps(
                        [None, ["c_1", "r_1"], None, None, [["rc_1", [snapshot]]]],
                        ensure_ascii=False,
                    ),
                ]
            ]
        )
        for snapshot in (answer[:cut], answer)
    ]
    return [frames[0], frame([["di", 42], ["af.httprm", 41, "-1", 3]]), frames[1]]


@dataclass
class GeminiUpstream:
    port: int = 0
    prompts: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    released_in_time: list[bool] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream: GeminiUpstream

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", 0))).decode()
        prompt = json.loads(json.loads(parse_qs(body)["f.req"][0])[1])[0][0]
        self.upstream.prompts.append(prompt)
        frames = answer_frames(prompt)
        self.send_response(200)
        self.send_header("content-type", "application/json; charset=utf-8")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        self._chunk(b")]}'\n\n" + frames[0])
        self._chunk(frames[1][:7])  # a frame split across two chunks
        self.upstream.released_in_time.append(self.upstream.release.wait(WAIT_SECONDS))
        self._chunk(frames[1][7:] + frames[2])
        self.wfile.write(b"0\r\n\r\n")

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


def start_gemini_upstream(ca_dir: Path) -> tuple[GeminiUpstream, ThreadingHTTPServer]:
    upstream = GeminiUpstream()
    handler = type("Handler", (_Handler,), {"upstream": upstream})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(ca_dir / "leaf.pem", ca_dir / "leaf.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    upstream.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return upstream, server
