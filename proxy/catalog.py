"""The catalog of generative-AI tools: who makes them, where they live, where prompts travel.

The same catalog decides which connections garde-ia decrypts (anchored host patterns, never
substrings), which tool a request belongs to and which endpoint kind and payload format it has.
The shipped data lives in ``proxy/defaults/tools.toml``.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from proxy.events import EndpointKind

Category = Literal["chat", "api", "writing", "translation", "meeting", "code", "search"]
Transport = Literal["http", "websocket"]
OtherWrites = Literal["generic", "pass"]
# The providers ecologits has datacenter figures for, spelt as it spells them (footprint estimate).
EcologitsProvider = Literal["anthropic", "cohere", "google_genai", "huggingface_hub", "mistralai", "openai"]

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
        """The compiled path pattern (matched with ``fullmatch``)."""
        return re.compile(self.path)


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


def host_matches(pattern: str, host: str) -> bool:
    """Whether ``host`` is covered by ``pattern`` (exact name, ``*.`` suffix or ``*-`` prefix label)."""
    host = host.lower().rstrip(".")
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
    if pattern.startswith("*."):
        return rf"^[^:/]+\.{re.escape(pattern[2:])}:\d+$"
    if pattern.startswith("*-"):
        label, _, rest = pattern[2:].partition(".")
        return rf"^[^:/.]+-{re.escape(label)}\.{re.escape(rest)}:\d+$"
    return rf"^{re.escape(pattern)}:\d+$"


class Catalog:
    """The loaded catalog: tool lookup by host, endpoint matching, interception patterns."""

    def __init__(self, tools: tuple[ToolSpec, ...]) -> None:
        self.tools = tools
        self._by_id = {tool.id: tool for tool in tools}
        if len(self._by_id) != len(tools):
            raise CatalogError("identifiant d'outil en double dans le catalogue")

    def get(self, tool_id: str) -> ToolSpec:
        """The tool with this id (``KeyError`` when unknown)."""
        return self._by_id[tool_id]

    def tool_for_host(self, host: str) -> ToolSpec | None:
        """The tool that owns ``host``, if any."""
        for tool in self.tools:
            if any(host_matches(p, host) for p in tool.hosts):
                return tool
        return None

    def match(self, host: str, path: str, method: str, websocket: bool = False) -> Match | None:
        """Classify one request to ``host``; None when the host is not catalogued."""
        tool = self.tool_for_host(host)
        if tool is None:
            return None
        bare_path = path.split("?", 1)[0] or "/"
        transport: Transport = "websocket" if websocket else "http"
        for endpoint in tool.endpoints:
            if endpoint.transport != transport or method.upper() not in endpoint.methods:
                continue
            if endpoint.hosts and not any(host_matches(p, host) for p in endpoint.hosts):
                continue
            if endpoint.path_regex.fullmatch(bare_path):
                return Match(tool, endpoint.kind, endpoint.format, transport, endpoint.rewritable)
        if tool.other_writes == "generic" and (websocket or method.upper() in _WRITE_METHODS):
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
