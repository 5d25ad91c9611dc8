"""Everything the addons share: the catalog, the policy, the guard, the vaults, the usage sink."""

from dataclasses import dataclass, replace
from typing import Protocol

from anonymizer.vault import VaultStore
from proxy.config.catalog import Catalog
from proxy.config.policy import OrganisationPolicy
from proxy.inspection.pipeline import CharterChecker
from proxy.usage.events import UsageRecord


class UsageSink(Protocol):
    """Where usage records go (the storage's BackgroundWriter); must never block nor raise."""

    def submit(self, record: UsageRecord) -> None:
        """Queue one record."""
        ...


class DiscardSink:
    """A sink that keeps nothing (``garde-ia run --no-usage-log``)."""

    def submit(self, record: UsageRecord) -> None:
        """Drop the record."""


@dataclass(frozen=True, slots=True)
class DeviceSink:
    """Stamps this device's pseudonymous id on every record, whichever addon built it.

    Per-device activity (and "active but charter not acknowledged") on a shared database needs it.
    """

    inner: UsageSink
    device_id: str

    def submit(self, record: UsageRecord) -> None:
        """Hand on the record with this device's id."""
        self.inner.submit(replace(record, device_id=self.device_id))


class AcknowledgementCheck(Protocol):
    """What the addons need from :class:`proxy.charter.gate.CharterGate` (thread-safe)."""

    def is_acknowledged(self) -> bool:
        """Whether this device acknowledged the current charter version."""
        ...

    def api_message(self, accept_language: str | None = None) -> str:
        """The error for an API client (French unless the browser and the policy say English), with the link."""
        ...

    def page_html(self, tool_name: str = "", accept_language: str | None = None) -> str:
        """The page shown instead of a tool until the charter is acknowledged, in the browser's language if allowed."""
        ...


@dataclass(frozen=True, slots=True)
class AddonContext:
    """The shared, read-only parts of the guard, built once at start-up."""

    catalog: Catalog
    policy: OrganisationPolicy
    checker: CharterChecker
    vaults: VaultStore
    sink: UsageSink
    entity_labels: dict[str, str]
    # None: no acknowledgement gate (addon tests of other hooks, the fault launcher); `garde-ia run` always sets it.
    charter_gate: AcknowledgementCheck | None = None

    def approved_tools(self) -> tuple[str, ...]:
        """The names of the tools the organisation approved (for the forbidden-tool page)."""
        return tuple(
            t.name for t in self.catalog.tools if self.policy.tools.status_of(t.id) == "approved"
        )
