"""Which watched AI tools outside the catalog the organisation forbids (policy ``[watch] status``).

A tolerated tool (the default) is tunnelled and counted, never decrypted. A forbidden one is
decrypted for its own hosts only, so that garde-ia can answer every request with its French page
naming the approved tools — a browser shows nothing readable for a refused CONNECT — and nothing
is ever forwarded to it.
"""

from collections.abc import Mapping
from typing import Protocol

from proxy.config.catalog import allow_hosts_regex
from proxy.config.watchlist import WatchedTool, WatchList, load_watchlist


class WatchPolicy(Protocol):
    """The policy's ``[watch]`` table, as read here (the policy validates with this module)."""

    @property
    def hosts(self) -> Mapping[str, str]:
        """Host pattern -> the tool's name."""
        ...

    @property
    def status(self) -> Mapping[str, str]:
        """Watched tool's name -> ``tolerated`` or ``forbidden``."""
        ...


def unknown_tool_names(watch: WatchPolicy) -> list[str]:
    """Names given a status that no watched tool has (a typo would silently tolerate the tool)."""
    known = {tool.name for tool in load_watchlist(watch.hosts).tools}
    return sorted(name for name in watch.status if name not in known)


def forbidden_tools(watch: WatchPolicy, watchlist: WatchList) -> tuple[WatchedTool, ...]:
    """The watched tools the policy forbids."""
    names = {name for name, status in watch.status.items() if status == "forbidden"}
    return tuple(tool for tool in watchlist.tools if tool.name in names)


def forbidden_allow_hosts(watch: WatchPolicy, watchlist: WatchList) -> list[str]:
    """The ``allow_hosts`` patterns of the forbidden tools' hosts (decrypted to answer only).

    ``*.example.com`` in the watch list covers ``example.com`` itself too, so both are listed.
    """
    patterns = {p for tool in forbidden_tools(watch, watchlist) for p in tool.hosts}
    patterns |= {p.removeprefix("*.") for p in patterns}
    return sorted(allow_hosts_regex(p) for p in patterns)
