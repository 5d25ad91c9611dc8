"""One start-up for garde-ia's long-running parts: the guard (``run``), the pages (``serve``), the tray.

All three read the same policy and catalog, open the same usage log and know this device's id.
Building them here keeps them from drifting apart: a broken policy or a database that cannot
open gives the same French message whichever part starts first.
"""

from dataclasses import dataclass
from pathlib import Path

from proxy.config.catalog import Catalog, load_catalog
from proxy.config.device import device_id
from proxy.config.policy import OrganisationPolicy, load_policy
from proxy.storage import UsageLog


@dataclass(frozen=True, slots=True)
class Installation:
    """What every long-running part of garde-ia starts from on this device."""

    policy: OrganisationPolicy
    catalog: Catalog
    log: UsageLog
    device_id: str

    def close(self) -> None:
        """Release the usage log's connections."""
        self.log.close()


def start_up(policy_path: Path | None = None, db_url: str | None = None) -> Installation:
    """Load the policy and the catalog, open the usage log (schema brought up to date), read the device id."""
    policy = load_policy(policy_path)
    catalog = load_catalog()
    return Installation(
        policy=policy, catalog=catalog, log=UsageLog.open(db_url), device_id=device_id()
    )
