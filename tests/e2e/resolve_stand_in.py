"""A DNS stand-in for end-to-end tests, loaded into the real guard with ``--set scripts=…``.

The test machine has no DNS: Chromium maps names itself (``--host-resolver-rules``), but a
tunnel's destination is resolved by the guard. This script sends the names listed in
``GARDE_IA_TEST_RESOLVE`` (``name=127.0.0.1:port,…``) to local servers when the guard connects,
and does nothing else: the bytes of the tunnel are untouched.
"""

import os

from mitmproxy.proxy import server_hooks

_MAP = dict(
    item.split("=", 1) for item in os.environ.get("GARDE_IA_TEST_RESOLVE", "").split(",") if item
)


def server_connect(data: server_hooks.ServerConnectionHookData) -> None:
    """Point a listed name at its local server, like a hosts file would."""
    if data.server.address is None:
        return
    target = _MAP.get(data.server.address[0].rstrip(".").lower())
    if target is not None:
        host, _, port = target.rpartition(":")
        data.server.address = (host, int(port))
