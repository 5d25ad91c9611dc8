"""The extension's world: Xvfb, Debian's chromium with the unpacked test build, fake AI tool pages under
their real host names (host resolver rules to a local HTTPS server), garde-ia's real local server."""

import os
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Playwright, sync_playwright

from proxy.config.catalog import load_catalog
from proxy.storage import UsageLog
from proxy.web.context import WebContext
from proxy.web.scanner import LazyScanner
from proxy.web.secret import Tokens, load_or_create_secret
from proxy.web.server import LocalServer
from tests.extension.browser import (
    PAGES,
    POLICY,
    ROOT,
    TOOL_HOSTS,
    Browser,
    FakeTools,
    Garde,
    launch,
    pair,
)
from tests.support.system import make_pki
from tests.support.web import running, scanner

__all__ = ["running", "scanner"]


@pytest.fixture(scope="package")
def fake_tools(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeTools]:
    pki = make_pki(tmp_path_factory.mktemp("pki"), list(TOOL_HOSTS.values()))
    recording = FakeTools()
    by_host = {host: tool for tool, host in TOOL_HOSTS.items()}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _answer(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(body)))
            self.send_header("cache-control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            host = self.headers.get("Host", "").split(":")[0]
            if self.path == "/_send.js":
                self._answer(200, (PAGES / "_send.js").read_bytes(), "text/javascript")
            elif host in by_host:
                self._answer(
                    200, (PAGES / f"{by_host[host]}.html").read_bytes(), "text/html; charset=utf-8"
                )
            else:
                self._answer(404, b"", "text/plain")

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            recording.received.append(
                (self.headers.get("Host", "").split(":")[0], self.rfile.read(length).decode())
            )
            self._answer(204, b"", "text/plain")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki.leaf, pki.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    recording.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield recording
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="package")
def garde(tmp_path_factory: pytest.TempPathFactory, scanner: LazyScanner) -> Iterator[Garde]:
    home = tmp_path_factory.mktemp("garde-ia-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GARDE_IA_HOME", str(home))
        log = UsageLog.open()
        guard = {"state": "active"}
        context = WebContext(
            policy=POLICY,
            engine=log.engine,
            tokens=Tokens(load_or_create_secret()),
            scanner=scanner,
            tools={tool.id: tool.name for tool in load_catalog().tools},
            subject_id="dev-ext",
            guard_probe=lambda: guard["state"],
        )
        server = LocalServer(context, 0).start()
    scanner.scan("Bonjour, le modèle est chargé.")  # the guard warm, as on a volunteer's computer
    yield Garde(server, context, guard)
    server.stop()
    log.close()


@pytest.fixture(scope="package")
def display() -> Iterator[str]:
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
    )
    os.close(write_end)
    with os.fdopen(read_end) as announced:
        number = int(announced.readline().strip())
    yield f":{number}"
    xvfb.terminate()
    xvfb.wait(10)


@pytest.fixture(scope="package")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("extension")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "extension" / "build.py"),
            "--browser",
            "chromium",
            "--out",
            str(out),
            "--no-zip",
            "--test",
        ],
        check=True,
        capture_output=True,
    )
    return out / "chromium"


@pytest.fixture(scope="package")
def playwright_session() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="package")
def browser(
    playwright_session: Playwright,
    display: str,
    unpacked: Path,
    fake_tools: FakeTools,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Browser]:
    launched = launch(
        playwright_session, display, unpacked, fake_tools, tmp_path_factory.mktemp("profile"), "fr"
    )
    yield launched
    launched.context.close()


@pytest.fixture(scope="package")
def paired(browser: Browser, garde: Garde) -> Browser:
    pair(browser, garde, shots=True)
    return browser
