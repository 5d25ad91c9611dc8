"""Answer every request to a forbidden watched AI tool with garde-ia's page; never forward one.

A browser shows nothing readable when a CONNECT is refused, so garde-ia decrypts the forbidden
tool's hosts (and only those: ``RunSettings.answer_hosts``) to answer with the same French page
as for a catalogued forbidden tool, naming the tools the organisation approved. Nothing of the
request is read or kept; the connection itself is still counted as a sighting by ``shadow_ai``.
"""

import logging

from mitmproxy import http

from addons.names import request_names
from addons.responses import notice_response
from proxy.config.catalog import Catalog
from proxy.config.policy import OrganisationPolicy
from proxy.config.watchlist import WatchedTool, WatchList
from proxy.inspection.notices import forbidden_notice

logger = logging.getLogger(__name__)


class ForbiddenWatchedTools:
    """Answers requests whose destination is a forbidden watched tool outside the catalog."""

    def __init__(
        self,
        catalog: Catalog,
        forbidden: tuple[WatchedTool, ...],
        approved: tuple[str, ...],
        policy: OrganisationPolicy,
    ) -> None:
        self._catalog = catalog
        self._forbidden = WatchList(forbidden)
        self._approved = approved
        self._policy = policy

    def _forbidden_tool(self, flow: http.HTTPFlow) -> WatchedTool | None:
        names = request_names(flow)
        for name in (names.sni, names.host_header, names.target, flow.request.host):
            if name and self._catalog.tool_for_host(name) is None:
                tool = self._forbidden.tool_for_host(name)
                if tool is not None:
                    return tool
        return None

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        """Answer at once: the body is never read and nothing leaves for the tool."""
        self._answer(flow)

    def request(self, flow: http.HTTPFlow) -> None:
        """Again once the body is in, should anything have cleared the answer in between."""
        self._answer(flow)

    def _answer(self, flow: http.HTTPFlow) -> None:
        if flow.response is not None or not self._forbidden.tools:
            return
        tool = self._forbidden_tool(flow)
        if tool is None:
            return
        notice = forbidden_notice(tool.name, self._approved, self._policy)
        flow.response = notice_response(flow.request, None, notice)
        logger.info("Outil d'IA interdit par l'association : %s (requête non transmise)", tool.name)
