"""Generative-AI tools outside the catalog, watched without being opened (« IA fantôme »).

The catalog lists the tools garde-ia reads and protects. The watch list names the others
(``proxy/defaults/watchlist.toml``, from a community-maintained domain list, plus the hosts an
organisation adds in its policy): their connections go through garde-ia as plain tunnels, never
decrypted, and only the host, the tool's name and a count reach the usage log, so the referent
sees which tools nobody planned for. ``*.example.com`` covers the domain and its subdomains.
"""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from proxy.config.catalog import normalize_host


@dataclass(frozen=True, slots=True)
class WatchedTool:
    """One tool outside the catalog: its name, its vendor when known, its host patterns."""

    name: str
    vendor: str
    hosts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WatchList:
    """The watched tools, looked up by host."""

    tools: tuple[WatchedTool, ...]

    def tool_for_host(self, host: str) -> WatchedTool | None:
        """The watched tool ``host`` belongs to, if any (the longest matching pattern wins)."""
        name = normalize_host(host)
        best: tuple[int, WatchedTool] | None = None
        for tool in self.tools:
            for pattern in tool.hosts:
                domain = pattern.removeprefix("*.")
                covered = name == domain or (
                    pattern.startswith("*.") and name.endswith("." + domain)
                )
                if covered and (best is None or len(domain) > best[0]):
                    best = (len(domain), tool)
        return best[1] if best else None

    def domains(self) -> tuple[list[str], list[str]]:
        """``(exact names, parent domains)`` for the PAC file; a parent domain also covers itself."""
        exact = sorted({p for t in self.tools for p in t.hosts if not p.startswith("*.")})
        parents = sorted({p[2:] for t in self.tools for p in t.hosts if p.startswith("*.")})
        return exact, parents


@cache
def _shipped() -> tuple[WatchedTool, ...]:
    text = resources.files("proxy").joinpath("defaults/watchlist.toml").read_text("utf-8")
    return tuple(
        WatchedTool(
            entry["name"], entry.get("vendor", ""), tuple(h.lower() for h in entry["hosts"])
        )
        for entry in tomllib.loads(text)["tools"]
    )


def load_watchlist(extra_hosts: Mapping[str, str] | None = None) -> WatchList:
    """The shipped watch list plus an organisation's own hosts (pattern → tool name)."""
    added = tuple(
        WatchedTool(name, "", (normalize_host(pattern),))
        for pattern, name in (extra_hosts or {}).items()
    )
    return WatchList(_shipped() + added)
