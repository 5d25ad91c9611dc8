"""What the local pages and the API share: policy, database, tokens, the lazy scanner, tool names."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from proxy.config.i18n import N_
from proxy.config.policy import OrganisationPolicy
from proxy.storage.activity import RecentEvent, recent_events
from proxy.web.scanner import Scanner
from proxy.web.secret import Tokens


@dataclass(frozen=True, slots=True)
class WebContext:
    """The local server's parts, built once by ``garde-ia serve`` (or the tests)."""

    policy: OrganisationPolicy
    engine: Engine
    tokens: Tokens
    scanner: Scanner
    tools: dict[str, str]  # tool id -> display name
    subject_id: str  # this device's pseudonymous id
    guard_probe: Callable[[], str]  # "active" | "stopped": is the proxy answering?

    @property
    def per_device(self) -> str | None:
        """The device filter for activity: none on the device's own SQLite file, the id on a shared database."""
        return None if self.engine.dialect.name == "sqlite" else self.subject_id

    def tool_name(self, tool_id: str | None) -> str:
        """A tool's display name (its id when unknown)."""
        if not tool_id:
            return N_("outil non précisé")  # translated by the page showing it
        return self.tools.get(tool_id, tool_id)

    def rule_title(self, rule_id: str) -> str:
        """A charter rule's French title (its id when unknown)."""
        rule = self.policy.detection_policy.rules.get(rule_id)
        return rule.title if rule else rule_id

    def recent(self, limit: int = 20) -> tuple[RecentEvent, ...]:
        """This device's latest requests (never content)."""
        return recent_events(self.engine, limit, self.per_device)


def local_time(moment: datetime, pattern: str = "%d/%m/%Y à %H:%M") -> str:
    """A moment in the device's local time, French style unless another ``strftime`` pattern is given."""
    return moment.astimezone().strftime(pattern)
