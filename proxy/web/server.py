"""Run the local pages and API in a background thread, on 127.0.0.1 only."""

import logging
import threading
from collections.abc import Iterable

from werkzeug.serving import BaseWSGIServer, make_server

from proxy.web.app import create_app, set_guarding
from proxy.web.context import WebContext
from proxy.web.security import Guarding

logger = logging.getLogger(__name__)
LOOPBACK = "127.0.0.1"


class LocalServer:
    """The local server: binds to the loopback interface (port 0 picks a free port), serves in a thread."""

    def __init__(self, context: WebContext, port: int, extra_origins: Iterable[str] = ()) -> None:
        self.app = create_app(context)
        self._server: BaseWSGIServer = make_server(LOOPBACK, port, self.app, threaded=True)
        self.port = self._server.server_port
        set_guarding(self.app, Guarding.for_port(self.port, extra_origins))
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="garde-ia-pages", daemon=True
        )

    @property
    def url(self) -> str:
        """The base address of the pages, e.g. ``http://127.0.0.1:8799``."""
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> "LocalServer":
        """Serve in the background."""
        self._thread.start()
        logger.info("Pages locales de garde-ia sur %s", self.url)
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread (``garde-ia serve``)."""
        logger.info("Pages locales de garde-ia sur %s", self.url)
        self._server.serve_forever()

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._server.server_close()
