"""Count connections to watched AI tools outside the catalog, without opening them.

garde-ia decrypts only catalogued hosts (mitmproxy's ``allow_hosts``); a watched host's CONNECT
is tunnelled as it is, so this addon sees only the host name the browser asked for. It counts
that name, and nothing else, in the usage log's sightings. A plain-HTTP request to a watched host
(a server deployment where everything goes through garde-ia) is counted the same way, by host.
"""

import logging
from collections.abc import Callable

from mitmproxy import http

from proxy.config.catalog import Catalog
from proxy.config.watchlist import WatchList

logger = logging.getLogger(__name__)


class ShadowAiCounter:
    """Hands the host of each connection to a watched, uncatalogued AI tool to ``count``."""

    def __init__(self, catalog: Catalog, watchlist: WatchList, count: Callable[[str], None]) -> None:
        self._catalog = catalog
        self._watchlist = watchlist
        self._count = count

    def _watched(self, host: str) -> bool:
        return self._catalog.tool_for_host(host) is None and self._watchlist.tool_for_host(host) is not None

    def http_connect(self, flow: http.HTTPFlow) -> None:
        """A tunnel is asked for: count it when its host is a watched tool."""
        if self._watched(flow.request.host):
            self._count(flow.request.host)

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        """A plain-HTTP request sent to the proxy itself (not inside a tunnel): count it by host."""
        if flow.request.scheme == "http" and self._watched(flow.request.host):
            self._count(flow.request.host)
