"""Where garde-ia keeps its files on this device.

``GARDE_IA_HOME`` overrides the platform's user data directory (tests and portable installs use it).
"""

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "garde-ia"
HOME_ENV = "GARDE_IA_HOME"


def home_dir() -> Path:
    """Return garde-ia's data directory, creating it (owner-only) when missing."""
    override = os.environ.get(HOME_ENV)
    path = Path(override) if override else user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
