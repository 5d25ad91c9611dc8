"""The organisation's policy file (TOML): its charter, detection rules, tool statuses.

One file, validated strictly. The organisation writes only what it changes; the rest comes from
``proxy/defaults/policy.toml`` and the anonymizer's detection defaults. An invalid file stops
garde-ia with a message naming the file and the field.
"""

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from anonymizer.errors import PolicyError
from anonymizer.policy import DetectionPolicy, build_detection_policy, merge, read_toml
from anonymizer.policy_messages import describe_validation_error
from proxy.config.organisation import resolve_policy_path

ToolStatus = Literal["approved", "tolerated", "forbidden"]
DETECTION_SECTIONS = ("rules", "categories", "identifiers", "detection")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CharterInfo(_Strict):
    """The charter's identity; ``version`` drives the acknowledgement gate."""

    title: str = Field(min_length=1)
    version: str = Field(min_length=1)
    url: str
    licence: str
    credit: str
    organisation: str = ""
    referent_contact: str = ""


class ToolsPolicy(_Strict):
    """Each catalogued tool's status for this organisation."""

    default_status: ToolStatus = "tolerated"
    status: dict[str, ToolStatus] = Field(default_factory=dict)

    def status_of(self, tool_id: str) -> ToolStatus:
        """The status of one tool."""
        return self.status.get(tool_id, self.default_status)


class RetentionPolicy(_Strict):
    """How long the usage log keeps its records (CNIL: security logs 6 to 12 months)."""

    usage_events_months: int = Field(default=6, ge=1, le=36)
    incidents_years: int = Field(default=5, ge=1, le=20)


class ReportPolicy(_Strict):
    """What the referent's report may show; aggregated unless the organisation enables detail."""

    per_person: bool = False


FileAction = Literal["allow", "block"]


class UnreadableFilesPolicy(_Strict):
    """What to do with files garde-ia cannot read (images, scans, archives, encrypted), per tool status."""

    approved: FileAction = "allow"
    tolerated: FileAction = "block"
    forbidden: FileAction = "block"

    def action_for(self, status: ToolStatus) -> FileAction:
        """The action for a tool of this status."""
        action: FileAction = getattr(self, status)
        return action


class FilesPolicy(_Strict):
    """How the charter applies to files sent to AI tools."""

    # A document whose only findings are identifiers (names, e-mails…): rewriting a document in
    # flight changes its size and format, so it is blocked unless the organisation accepts
    # pseudonymizing files that travel as plain text (then DOCX, PDF… are still blocked).
    identifiers: Literal["block", "pseudonymize"] = "block"
    unreadable: UnreadableFilesPolicy = Field(default_factory=UnreadableFilesPolicy)
    max_size_mb: int = Field(default=25, ge=1, le=200)


class InterfacePolicy(_Strict):
    """The language of what volunteers read (tray, local pages, charter gate); the charter keeps its own."""

    language: Literal["fr", "en"] = "fr"
    follow_browser: bool = (
        True  # pages follow the browser's Accept-Language when it asks for one we have
    )


WatchStatus = Literal["tolerated", "forbidden"]


class WatchPolicy(_Strict):
    """AI tools outside the catalog that the organisation also wants counted (« IA fantôme »)."""

    # host pattern ("outil.example" or "*.outil.example") -> the tool's name in the report
    hosts: dict[str, str] = Field(default_factory=dict)
    # watched tool's name (as in the watch list or ``hosts``) -> tolerated (tunnelled and counted,
    # the default) or forbidden (garde-ia's page naming the approved tools instead, never forwarded)
    status: dict[str, WatchStatus] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_tools(self) -> "WatchPolicy":
        from proxy.config.watch_status import unknown_tool_names  # the shipped list, read once

        unknown = unknown_tool_names(self)
        if unknown:
            raise ValueError(
                f"[watch] status : outil(s) absent(s) de la liste de veille : {', '.join(unknown)}. "
                "Écrivez le nom exact de l'outil (proxy/defaults/watchlist.toml) ou ajoutez ses "
                'hôtes dans [watch] hosts = { "outil.example" = "Nom de l\'outil" }.'
            )
        return self


class OrganisationPolicy(_Strict):
    """The whole policy: the proxy's sections plus the anonymizer's detection policy."""

    charter: CharterInfo
    tools: ToolsPolicy = Field(default_factory=ToolsPolicy)
    retention: RetentionPolicy = Field(default_factory=RetentionPolicy)
    report: ReportPolicy = Field(default_factory=ReportPolicy)
    files: FilesPolicy = Field(default_factory=FilesPolicy)
    interface: InterfacePolicy = Field(default_factory=InterfacePolicy)
    watch: WatchPolicy = Field(default_factory=WatchPolicy)
    detection_policy: DetectionPolicy


def _defaults() -> dict[str, Any]:
    text = resources.files("proxy").joinpath("defaults/policy.toml").read_text("utf-8")
    return tomllib.loads(text)


def build_policy(data: dict[str, Any], source: str) -> OrganisationPolicy:
    """Validate an organisation's policy data merged onto the defaults."""
    detection = build_detection_policy(data, source)
    own = {k: v for k, v in data.items() if k not in DETECTION_SECTIONS}
    merged = merge(_defaults(), own)
    try:
        return OrganisationPolicy.model_validate({**merged, "detection_policy": detection})
    except ValidationError as error:
        raise PolicyError(describe_validation_error(source, error)) from error


def load_policy(path: Path | None = None) -> OrganisationPolicy:
    """Load the policy from ``path``, else the organisation's shared file, else the shipped default."""
    path = resolve_policy_path(path)  # GARDE_IA_POLICY_URL: the organisation's shared file
    if path is None:
        return build_policy({}, "politique par défaut")
    return build_policy(read_toml(path), str(path))
