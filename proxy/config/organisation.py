"""Organisation mode: one policy file shared by every laptop of the association.

``GARDE_IA_POLICY_URL`` names it, as a path or a ``file://`` address: a shared drive or a folder
synchronised by the association's own tools (Nextcloud, SMB, a USB key for offline sites).
garde-ia does not download it over HTTP(S), on purpose: it makes no network call of its own, and a
policy fetched from a web address would need authentication, integrity checking and an offline
fallback, or whoever controls that address could switch the guard off on every laptop. The shared
usage log is chosen the same way with ``--db`` / ``GARDE_IA_DB`` (a PostgreSQL URL).
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from anonymizer.errors import PolicyError

POLICY_URL_ENV = "GARDE_IA_POLICY_URL"


def policy_from_environment() -> Path | None:
    """The shared policy file named by ``GARDE_IA_POLICY_URL``, or None when unset."""
    value = os.environ.get(POLICY_URL_ENV, "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme in ("http", "https", "ftp"):
        raise PolicyError(
            f"{POLICY_URL_ENV}={value} : garde-ia ne télécharge pas sa politique (aucun appel réseau "
            "de sa part). Mettez le fichier sur un dossier partagé ou synchronisé et indiquez son "
            "chemin, par exemple /mnt/partage/garde-ia/politique.toml ou file:///mnt/partage/politique.toml."
        )
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise PolicyError(
                f"{POLICY_URL_ENV}={value} : seule une adresse file:/// locale est acceptée."
            )
        return Path(unquote(parts.path))
    if parts.scheme and len(parts.scheme) > 1:  # "C:\..." parses as scheme "c" on Windows paths
        raise PolicyError(
            f"{POLICY_URL_ENV}={value} : indiquez un chemin de fichier ou une adresse file:///."
        )
    return Path(value).expanduser()


def resolve_policy_path(explicit: Path | None) -> Path | None:
    """``--policy`` first, then the organisation's shared file, else None (the default policy)."""
    return explicit if explicit is not None else policy_from_environment()
