"""A local fake upload endpoint over HTTPS: the e2e upstream, plus PUT (pre-signed storage URLs)."""

from http.server import ThreadingHTTPServer
from pathlib import Path

from tests.support.upstream import Upstream, _Handler, start_upstream


class _UploadHandler(_Handler):
    def do_PUT(self) -> None:
        length = int(self.headers.get("content-length", 0))
        self._handle(self.rfile.read(length))


def start_upload_server(ca_dir: Path) -> tuple[Upstream, ThreadingHTTPServer]:
    upstream, server = start_upstream(ca_dir)
    server.RequestHandlerClass = type("Handler", (_UploadHandler,), {"upstream": upstream})
    return upstream, server
