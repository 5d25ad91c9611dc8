"""A pseudonymous id for this device, so acknowledgements and usage events say "this device" without a name.

The id is random (not derived from the user name, host name or hardware) and kept in
``GARDE_IA_HOME/device-id`` with owner-only permissions.
"""

import os
import secrets
from pathlib import Path

from proxy.config.paths import home_dir

DEVICE_ID_FILE = "device-id"


def _create(path: Path) -> str:
    value = "dev-" + secrets.token_hex(8)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return path.read_text("ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(value)
    return value


def device_id() -> str:
    """This device's pseudonymous id, created on first use."""
    path = home_dir() / DEVICE_ID_FILE
    if path.exists():
        value = path.read_text("ascii").strip()
        if value:
            return value
        path.unlink()
    return _create(path)
