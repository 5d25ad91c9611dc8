"""The catalog of generative-AI tools: who makes them, where they live, where prompts travel.

The same catalog decides which connections garde-ia decrypts (anchored host patterns, never
substrings), which tool a request belongs to and which endpoint kind and payload format it has.
The shipped data lives in ``proxy/defaults/tools.toml``.
"""

import re
import tomllib
import urllib.parse
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from proxy.usage.events import EndpointKind

Category = Literal["chat", "api", "writing", "translation", "meeting", "code", "search"]
Transport = Literal["http", "websocket"]
OtherWrites = Literal["generic", "pass"]
# The providers ecologits has datacenter figures for, spelt as it spells them (footprint estimate).
EcologitsProvider = Literal[
    "anthropic", "cohere", "google_genai", "huggingface_hub", "mistralai", "openai"
]

_HOST_PATTERN = re.compile(
    r"^(\*\.|\*-)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"
)
_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})


class CatalogError(ValueError):
    """The catalog file is invalid; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Endpoint(_Strict):
    """One endpoint of a tool: which requests it covers and how their payload is written."""

    kind: EndpointKind
    path: str = Field(
        min_length=2, description="Regular expression matched against the whole path."
    )
    methods: tuple[str, ...] = ("POST",)
    format: str = "generic"
    transport: Transport = "http"
    rewritable: bool = True
    hosts: tuple[str, ...] = ()

    @field_validator("path")
    @classmethod
    def _compiles(cls, value: str) -> str:
        re.compile(value)
        return value

    @cached_property
    def path_regex(self) -> re.Pattern[str]:
        """The compiled path pattern (matched with ``fullmatch`` on a normalized path, any case)."""
        return re.compile(self.path, re.IGNORECASE)


class ToolSpec(_Strict):
    """One generative-AI tool and what garde-ia knows about it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    vendor: str = Field(min_length=1)
    country: str = Field(min_length=2)
    eu: bool
    open_weights: bool
    category: Category
    hosts: tuple[str, ...] = Field(min_length=1)
    endpoints: tuple[Endpoint, ...] = ()
    other_writes: OtherWrites = "generic"
    # Who serves the tool's models, for the footprint estimate; unset for aggregators and vendors
    # ecologits has no figures for (the report then says "modèle inconnu").
    ecologits_provider: EcologitsProvider | None = None
    notes: str = ""

    @field_validator("hosts")
    @classmethod
    def _valid_hosts(cls, hosts: tuple[str, ...]) -> tuple[str, ...]:
        for host in hosts:
            if not _HOST_PATTERN.match(host):
                raise ValueError(
                    f"motif d'hôte invalide : {host!r} (ex. « chatgpt.com » ou « *.openai.azure.com »)"
                )
        return hosts


class _CatalogFile(_Strict):
    tools: tuple[ToolSpec, ...]


@dataclass(frozen=True, slots=True)
class Match:
    """What the catalog says about one request: the tool, the endpoint kind and the payload format."""

    tool: ToolSpec
    kind: EndpointKind
    format: str
    transport: Transport
    rewritable: bool = True

    @property
    def guarded(self) -> bool:
        """Whether the payload must be checked against the charter before it leaves."""
        return self.kind in ("prompt", "upload")


def normalize_host(host: str) -> str:
    """A host name as the catalog compares it: lower case, without the trailing dot(s) of a FQDN."""
    return host.strip().lower().rstrip(".")


def normalize_path(path: str) -> str:
    """A request path as endpoints are matched: no query, percent-decoded, ``//`` collapsed, no trailing ``/``.

    A server reads ``/chat//conversation/x/`` or ``/%63hat/conversation/x`` as the same endpoint:
    matching only the canonical spelling let the others pass unchecked.
    """
    bare = path.split("?", 1)[0].split("#", 1)[0]
    bare = urllib.parse.unquote(bare, errors="replace")
    bare = re.sub(r"/{2,}", "/", bare)
    if len(bare) > 1:
        bare = bare.rstrip("/")
    return bare if bare.startswith("/") else "/" + bare


def host_matches(pattern: str, host: str) -> bool:
    """Whether ``host`` is covered by ``pattern`` (exact name, ``*.`` suffix or ``*-`` prefix label)."""
    host = normalize_host(host)
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) and len(host) > len(pattern) - 1
    if pattern.startswith("*-"):
        label, _, rest = host.partition(".")
        suffix_label, _, suffix_rest = pattern[2:].partition(".")
        return (
            rest == suffix_rest
            and label.endswith("-" + suffix_label)
            and len(label) > len(suffix_label) + 1
        )
    return host == pattern


def allow_hosts_regex(pattern: str) -> str:
    """An anchored mitmproxy ``allow_hosts`` regex for a host pattern (matched against ``host:port``)."""
    # A fully qualified name may end with dots ("api.openai.com."): decrypted and guarded the same.
    if pattern.startswith("*."):
        return rf"^[^:/]+\.{re.escape(pattern[2:])}\.*:\d+$"
    if pattern.startswith("*-"):
        label, _, rest = pattern[2:].partition(".")
        return rf"^[^:/.]+-{re.escape(label)}\.{re.escape(rest)}\.*:\d+$"
    return rf"^{re.escape(pattern)}\.*:\d+$"


class Catalog:
    """The loaded catalog: tool lookup by host, endpoint matching, interception patterns."""

    def __init__(self, tools: tuple[ToolSpec, ...]) -> None:
        self.tools = tools
        self._by_id = {tool.id: tool for tool in tools}
        if len(self._by_id) != len(tools):
            raise CatalogError("identifiant d'outil en double dans le catalogue")

    def tool_names(self) -> dict[str, str]:
        """Display name of every tool, by id (reports, pages and the tray show names, never ids)."""
        return {tool.id: tool.name for tool in self.tools}

    def get(self, tool_id: str) -> ToolSpec:
        """The tool with this id (``KeyError`` when unknown)."""
        return self._by_id[tool_id]

    def tool_for_host(self, host: str) -> ToolSpec | None:
        """The tool that owns ``host``, if any (case and trailing dots ignored)."""
        host = normalize_host(host)
        for tool in self.tools:
            if any(host_matches(p, host) for p in tool.hosts):
                return tool
        return None

    def match(
        self,
        host: str,
        path: str,
        method: str,
        websocket: bool = False,
        body: bool = False,
    ) -> Match | None:
        """Classify one request to ``host``; None when the host is not catalogued.

        ``body``: the request carries a body. Then an endpoint's path is enough (a GET or a
        DELETE with a body to the chat endpoint is read as a chat request). On a tool whose other
        writes are scanned, a request with a body or a query string is scanned whatever its
        method, not only POST, PUT and PATCH (``chatgpt.com/?q=…`` takes a prompt).
        """
        tool = self.tool_for_host(host)
        if tool is None:
            return None
        host = normalize_host(host)
        bare_path = normalize_path(path)
        method = method.upper()
        transport: Transport = "websocket" if websocket else "http"
        for endpoint in tool.endpoints:
            if endpoint.transport != transport:
                continue
            if method not in endpoint.methods and not (body and transport == "http"):
                continue
            if endpoint.hosts and not any(host_matches(p, host) for p in endpoint.hosts):
                continue
            if endpoint.path_regex.fullmatch(bare_path):
                return Match(tool, endpoint.kind, endpoint.format, transport, endpoint.rewritable)
        query = "?" in path and bool(path.split("?", 1)[1].split("#", 1)[0])
        if tool.other_writes == "generic" and (
            websocket or body or query or method in _WRITE_METHODS
        ):
            return Match(tool, "other", "generic", transport)
        return Match(tool, "other", "none", transport)

    def allow_hosts(self) -> list[str]:
        """The anchored ``allow_hosts`` patterns for mitmproxy: only these connections are decrypted."""
        patterns = {allow_hosts_regex(p) for tool in self.tools for p in tool.hosts}
        return sorted(patterns)


def _read(path: Path | None) -> tuple[str, str]:
    if path is None:
        return resources.files("proxy").joinpath("defaults/tools.toml").read_text(
            "utf-8"
        ), "catalogue par défaut"
    try:
        return path.read_text("utf-8"), str(path)
    except OSError as error:
        raise CatalogError(f"{path} : lecture impossible ({error.strerror or error})") from error


def load_catalog(path: Path | None = None) -> Catalog:
    """Load and validate the tool catalog (the shipped one when ``path`` is None)."""
    text, source = _read(path)
    try:
        data = _CatalogFile.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{source} : TOML invalide ({error})") from error
    except ValidationError as error:
        fields = "; ".join(f"{'.'.join(map(str, e['loc']))} : {e['msg']}" for e in error.errors())
        raise CatalogError(f"{source} : {fields}") from error
    return Catalog(data.tools)
