"""Where garde-ia keeps its files on this device.

``GARDE_IA_HOME`` overrides the platform's user data directory (tests and portable installs use it).
"""

import errno
import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "garde-ia"
HOME_ENV = "GARDE_IA_HOME"


# The system's reasons are in English; these are the ones a wrong GARDE_IA_HOME gives.
_REASONS = {
    errno.ENOTDIR: "un élément du chemin est un fichier, pas un dossier",
    errno.EEXIST: "un fichier porte déjà ce nom",
    errno.EACCES: "droits insuffisants",
    errno.EPERM: "opération non permise",
    errno.EROFS: "disque en lecture seule",
    errno.ENOSPC: "disque plein",
}


class HomeError(OSError):
    """garde-ia's data directory cannot be created, read or written; the message says so in French."""


def home_dir() -> Path:
    """Return garde-ia's data directory, creating it (owner-only) when missing.

    Checked here, once, so that every command says the same French sentence instead of failing
    later in SQLite, the outbox or the CA with an error that names neither the folder nor the fix.
    """
    override = os.environ.get(HOME_ENV)
    path = Path(override) if override else user_data_path(APP_NAME, appauthor=False)
    where = f"{path} (variable {HOME_ENV})" if override else str(path)
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise HomeError(
            f"dossier de données {where} impossible à créer "
            f"({_REASONS.get(error.errno or 0, error.strerror or 'erreur système')}). "
            "Choisissez un dossier à vous, par exemple GARDE_IA_HOME=~/garde-ia."
        ) from error
    if not path.is_dir():
        raise HomeError(f"dossier de données {where} : ce chemin n'est pas un dossier.")
    if not os.access(path, os.R_OK | os.W_OK | os.X_OK):
        raise HomeError(
            f"dossier de données {where} : lecture ou écriture refusée. Donnez-vous les droits "
            "(chmod u+rwx) ou choisissez un autre dossier avec GARDE_IA_HOME."
        )
    return path
