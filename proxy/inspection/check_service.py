"""One language model per device: the running guard checks texts for the local pages, over loopback.

The guard (``garde-ia run``) already holds the French model. Rather than load a second copy (about
550 MB) in the local pages' process, the guard serves one small endpoint on 127.0.0.1, on a free
port it writes to ``GARDE_IA_HOME/guard-check.json`` (owner-only), and the local pages ask it:

``POST /check`` with ``{"text": "..."}`` and the header ``X-Garde-IA-Token`` (derived from the
per-install secret of the local pages, so only this user's garde-ia can ask) answers
``{"decision": {...}}``, the same fields as ``garde-ia scan``. Nothing is sent anywhere else,
nothing is logged (neither the text nor the answer).

The guard is not thread-safe: :class:`SerializedChecker` puts one lock around it, shared by the
proxy's charter addon and this endpoint. When the guard is not running, :func:`ask_guard` raises
:class:`GuardStopped` at once (no file, or nobody listening), and the pages say so in French.
"""

import hashlib
import hmac
import http.client
import json
import logging
import os
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from proxy.config.paths import home_dir

if TYPE_CHECKING:
    from anonymizer.decision import Decision
    from anonymizer.vault import Vault

logger = logging.getLogger(__name__)
DISCOVERY_FILE = "guard-check.json"
TOKEN_HEADER = "X-Garde-IA-Token"
CHECK_PATH = "/check"
MAX_TEXT_CHARS = 20_000
MAX_BODY_BYTES = 4 * MAX_TEXT_CHARS + 1024  # UTF-8 and JSON escapes
LOOPBACK = "127.0.0.1"
ASK_TIMEOUT_SECONDS = 120.0


def guard_token(secret: bytes) -> str:
    """The token the local pages send to the guard (derived from the per-install secret)."""
    return hmac.new(secret, b"garde-ia guard check", hashlib.sha256).hexdigest()


class GuardStopped(RuntimeError):
    """The guard is not running (or not answering): nothing could be checked."""


class TextsChecker(Protocol):
    """The anonymizer's Guard as the proxy uses it."""

    def check_texts(self, texts: Sequence[str], vault: "Vault | None" = None) -> list["Decision"]:
        """The decisions for the texts of one request, sharing ``vault``."""
        ...


class SerializedChecker:
    """The guard behind one lock: the proxy's checks and the local pages' checks never run at once."""

    def __init__(self, guard: TextsChecker) -> None:
        self._guard = guard
        self._lock = threading.Lock()

    def check_texts(self, texts: Sequence[str], vault: "Vault | None" = None) -> list["Decision"]:
        """As the guard's ``check_texts``, one call at a time."""
        with self._lock:
            return self._guard.check_texts(texts, vault)

    def check(self, text: str) -> "Decision":
        """One text, with a fresh vault (nothing shared with any conversation)."""
        return self.check_texts([text])[0]


def _decision_json(decision: "Decision") -> dict[str, Any]:
    from proxy.inspection.decision_json import decision_to_json

    return decision_to_json(decision)


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    server_version = "garde-ia"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing about requests (no text, no address)."""

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # the stdlib's name
        """Only POST /check exists."""
        self._answer(405, {"error": "POST /check"})

    def do_POST(self) -> None:
        """Check one text for the local pages."""
        if self.path != CHECK_PATH:
            self._answer(404, {"error": "POST /check"})
            return
        given = self.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.server.token.encode()):
            self._answer(401, {"error": "bad_token"})
            return
        if self.headers.get("Origin") is not None:  # a web page, never the local pages' server
            self._answer(403, {"error": "foreign_origin"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= MAX_BODY_BYTES:
            self._answer(413, {"error": "too_large"})
            return
        try:
            body = json.loads(self.rfile.read(length))
        except ValueError:
            self._answer(400, {"error": "bad_json"})
            return
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT_CHARS:
            self._answer(400, {"error": "bad_text"})
            return
        try:
            decision = self.server.checker.check(text)
        except Exception:  # (said to the caller; the guard goes on serving)
            logger.exception("Vérification pour les pages locales impossible")
            self._answer(500, {"error": "check_failed"})
            return
        self._answer(200, {"decision": _decision_json(decision)})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, checker: SerializedChecker, token: str, port: int) -> None:
        super().__init__((LOOPBACK, port), _Handler)
        self.checker = checker
        self.token = token


class GuardCheckServer:
    """The guard's endpoint for the local pages, in a background thread, announced in GARDE_IA_HOME."""

    def __init__(
        self, checker: SerializedChecker, secret: bytes, home: Path | None = None, port: int = 0
    ) -> None:
        self._server = _Server(checker, guard_token(secret), port)
        self.port: int = self._server.server_address[1]
        self._file = (home or home_dir()) / DISCOVERY_FILE
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="garde-ia-guard-check", daemon=True
        )

    def start(self) -> "GuardCheckServer":
        """Serve, then write the discovery file (owner-only, replaced atomically)."""
        self._thread.start()
        temporary = self._file.with_suffix(".tmp")
        temporary.unlink(missing_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump({"port": self.port, "pid": os.getpid()}, file)
        temporary.replace(self._file)
        logger.info("Vérifications des pages locales sur %s:%d", LOOPBACK, self.port)
        return self

    def stop(self) -> None:
        """Stop serving; remove the discovery file if it is still ours."""
        self._server.shutdown()
        self._server.server_close()
        try:
            if json.loads(self._file.read_text("utf-8")).get("pid") == os.getpid():
                self._file.unlink()
        except (OSError, ValueError):
            pass


def guard_port(home: Path | None = None) -> int | None:
    """The port the running guard announced, if any."""
    try:
        found = json.loads(((home or home_dir()) / DISCOVERY_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    port = found.get("port") if isinstance(found, dict) else None
    return port if isinstance(port, int) and 0 < port < 65536 else None


def ask_guard(
    text: str, secret: bytes, home: Path | None = None, timeout: float = ASK_TIMEOUT_SECONDS
) -> dict[str, Any]:
    """The running guard's decision for ``text`` (the ``garde-ia scan`` fields); :class:`GuardStopped` if none."""
    port = guard_port(home)
    if port is None:
        raise GuardStopped("no guard announced")
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request(
            "POST",
            CHECK_PATH,
            json.dumps({"text": text}).encode("utf-8"),
            {"Content-Type": "application/json", TOKEN_HEADER: guard_token(secret)},
        )
        answer = connection.getresponse()
        body = json.loads(answer.read() or b"{}")
    except (ConnectionError, TimeoutError, OSError, ValueError, http.client.HTTPException) as error:
        raise GuardStopped(str(error)) from error
    finally:
        connection.close()
    if (
        answer.status != 200
        or not isinstance(body, dict)
        or not isinstance(body.get("decision"), dict)
    ):
        raise GuardStopped(f"guard answered {answer.status}")
    decision: dict[str, Any] = body["decision"]
    return decision
