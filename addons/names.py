"""Which name the client is really talking to: the same name for decrypting and for classifying.

mitmproxy decrypts a connection when *any* of its names (CONNECT target, TLS SNI, Host header)
matches ``allow_hosts``; the router used to classify by the CONNECT target alone. So
``CONNECT 192.0.2.1`` with SNI ``api.openai.com`` was decrypted and forwarded unchecked. Now the
tool is decided from the SNI, then the Host header, then the CONNECT target, all normalized (case,
trailing dots, port); when they disagree and one of them is a catalogued name, the request is
answered by garde-ia (421 Misdirected Request: a browser that coalesced two names on one
connection opens a new one with the right name).
"""

from dataclasses import dataclass

from mitmproxy import http
from mitmproxy.net.http import url
from mitmproxy.proxy import mode_specs

from proxy.config.catalog import Catalog, normalize_host

NAMING_MODES = (mode_specs.RegularMode, mode_specs.UpstreamMode, mode_specs.Socks5Mode)


@dataclass(frozen=True, slots=True)
class RequestNames:
    """The names one request gives for its destination, normalized ("" when absent)."""

    target: str
    sni: str
    host_header: str

    @property
    def decided(self) -> str:
        """The name the client is talking to: the SNI, else the Host header, else the target."""
        return self.sni or self.host_header or self.target

    def disagree(self) -> bool:
        """Whether the names given are not all the same."""
        return len({n for n in (self.target, self.sni, self.host_header) if n}) > 1


def _host_of(authority: str) -> str:
    try:
        host, _ = url.parse_authority(authority, check=False)
    except ValueError:
        return authority
    return normalize_host(host)


def request_names(flow: http.HTTPFlow) -> RequestNames:
    """The CONNECT target (or absolute-form host), the TLS SNI and the Host header of a request."""
    request = flow.request
    sni = flow.client_conn.sni  # set only by a TLS ClientHello
    # The client names its destination in a CONNECT (regular, upstream, SOCKS5 modes); captured
    # or transparent traffic only has the address the OS saw, which says nothing of the name.
    named = isinstance(flow.client_conn.proxy_mode, NAMING_MODES)
    return RequestNames(
        normalize_host(request.host or "") if named else "",
        normalize_host(sni or ""),
        _host_of(request.host_header or ""),
    )


def catalogued_mismatch(names: RequestNames, catalog: Catalog) -> bool:
    """Whether the names disagree while one of them belongs to a catalogued tool."""
    if not names.disagree():
        return False
    given = (names.target, names.sni, names.host_header)
    return any(catalog.tool_for_host(n) is not None for n in given if n)
