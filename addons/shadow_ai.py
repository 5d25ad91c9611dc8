"""Count connections to watched AI tools outside the catalog, without opening them.

garde-ia decrypts only catalogued hosts (mitmproxy's ``allow_hosts``); a watched host's CONNECT
is tunnelled as it is, so this addon sees only the host name the browser asked for. It counts
that name and the watched tool's name, and nothing else, in the usage log's sightings (per day;
the device only with per-person detail). A plain-HTTP request to a watched host (a server
deployment where everything goes through garde-ia) is counted the same way, by host.
"""

import logging
from collections.abc import Callable
from typing import Protocol

from mitmproxy import http

from proxy.config.catalog import Catalog
from proxy.config.device import device_id
from proxy.config.watchlist import WatchList

logger = logging.getLogger(__name__)


class _Writer(Protocol):
    def submit_sighting(self, host: str, tool_name: str = "", device_id: str = "") -> None: ...


def sighting_sink(writer: _Writer | None, per_person: bool) -> Callable[[str, str], None]:
    """Where the counter hands its sightings: the device is named only with per-person detail on."""
    if writer is None:
        return lambda _host, _tool: None
    device = device_id() if per_person else ""
    return lambda host, tool: writer.submit_sighting(host, tool, device)


class ShadowAiCounter:
    """Hands the host of each connection to a watched, uncatalogued AI tool to ``count``."""

    def __init__(
        self, catalog: Catalog, watchlist: WatchList, count: Callable[[str, str], None]
    ) -> None:
        self._catalog = catalog
        self._watchlist = watchlist
        self._count = count

    def _seen(self, host: str) -> None:
        if self._catalog.tool_for_host(host) is not None:
            return
        tool = self._watchlist.tool_for_host(host)
        if tool is not None:
            self._count(host, tool.name)

    def http_connect(self, flow: http.HTTPFlow) -> None:
        """A tunnel is asked for: count it when its host is a watched tool."""
        self._seen(flow.request.host)

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        """A plain-HTTP request sent to the proxy itself (not inside a tunnel): count it by host."""
        if flow.request.scheme == "http":
            self._seen(flow.request.host)
