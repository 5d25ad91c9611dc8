"""Pauses of the protection over a period: how many, and how long the guard stayed paused.

A pause lasts until the device's next change (a resume, or the tray stopping or starting again,
which ends it too); a pause still running at the end of the period counts up to that end, and one
begun before the period counts from its start.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from proxy.storage.protection import ProtectionChange


@dataclass(frozen=True, slots=True)
class DevicePauses:
    """One device's pauses over the period."""

    device_id: str
    pauses: int
    paused: timedelta


def pauses_by_device(
    opening: Mapping[str, ProtectionChange],
    changes: Sequence[ProtectionChange],
    since: datetime,
    until: datetime,
) -> tuple[DevicePauses, ...]:
    """Pauses started in ``[since, until)`` and paused time within it, per device (sorted by id).

    ``opening`` holds each device's last change before ``since``; ``changes`` those of the period.
    """
    paused_from = {device: since for device, last in opening.items() if last.change == "pause"}
    counts: dict[str, int] = defaultdict(int)
    durations: dict[str, timedelta] = defaultdict(timedelta)
    for change in sorted(changes, key=lambda c: c.occurred_at):
        device = change.device_id
        started = paused_from.pop(device, None)
        if started is not None:
            durations[device] += change.occurred_at - started
        if change.change == "pause":
            counts[device] += 1
            paused_from[device] = change.occurred_at
    for device, started in paused_from.items():
        durations[device] += until - started
    devices = sorted(set(counts) | set(durations))
    return tuple(DevicePauses(d, counts[d], durations[d]) for d in devices)
