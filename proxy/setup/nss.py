"""The NSS certificate databases of the browsers on this system (Chromium family, Firefox).

On Linux, Chromium, Chrome, Edge and Brave share ``~/.pki/nssdb``; each Firefox profile has its
own database. Both are changed with ``certutil`` from Debian's ``libnss3-tools``: the device CA is
added as trusted for websites only (``C,,``), under a nickname that names garde-ia.
"""

import logging
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

CERTUTIL = "certutil"
SITES_ONLY_TRUST = "C,,"
CHROMIUM_FAMILY_BINARIES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "microsoft-edge-stable",
    "brave-browser",
)
CHROMIUM_FAMILY_CONFIGS = (
    ".config/chromium",
    ".config/google-chrome",
    ".config/microsoft-edge",
    ".config/BraveSoftware",
)
FIREFOX_PROFILE_ROOTS = (
    ".mozilla/firefox",
    "snap/firefox/common/.mozilla/firefox",
    ".var/app/org.mozilla.firefox/.mozilla/firefox",
)
NSS_DB_FILES = ("cert9.db", "key4.db", "pkcs11.txt")


class NssError(RuntimeError):
    """``certutil`` is missing or refused; the message says what to do, in French."""


@dataclass(frozen=True, slots=True)
class NssDatabase:
    """One NSS database and the browser that reads it."""

    browser: str
    directory: Path

    @property
    def exists(self) -> bool:
        """Whether the database files are there (a new profile may not have them yet)."""
        return (self.directory / "cert9.db").exists()


def _certutil(*args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(CERTUTIL) is None:
        raise NssError(
            "l'outil certutil est absent : installez le paquet libnss3-tools "
            "(sudo apt install libnss3-tools), puis relancez la commande"
        )
    return subprocess.run(
        [CERTUTIL, *args], capture_output=True, text=True, check=False, timeout=60
    )


def _database_arg(database: NssDatabase) -> str:
    return f"sql:{database.directory}"


def chromium_family_present(user_home: Path) -> bool:
    """Whether a Chromium-family browser is installed or has been used by this user."""
    return any(shutil.which(name) for name in CHROMIUM_FAMILY_BINARIES) or any(
        (user_home / config).exists() for config in CHROMIUM_FAMILY_CONFIGS
    )


def find_databases(user_home: Path) -> list[NssDatabase]:
    """The NSS databases of this user's browsers (Chromium's shared one even when not created yet).

    Linux only: elsewhere browsers use the system's store (see the README) and ``certutil`` is
    another program (Windows) or absent (macOS).
    """
    found: list[NssDatabase] = []
    if not sys.platform.startswith("linux"):
        return found
    shared = user_home / ".pki" / "nssdb"
    if shared.joinpath("cert9.db").exists() or chromium_family_present(user_home):
        found.append(NssDatabase("Chromium / Chrome / Edge", shared))
    snap_chromium = user_home / "snap" / "chromium" / "current" / ".pki" / "nssdb"
    if snap_chromium.joinpath("cert9.db").exists():
        found.append(NssDatabase("Chromium (snap)", snap_chromium))
    for root in FIREFOX_PROFILE_ROOTS:
        base = user_home / root
        if not base.is_dir():
            continue
        for profile in sorted(base.iterdir()):
            if (profile / "cert9.db").exists():
                found.append(NssDatabase(f"Firefox (profil {profile.name})", profile))
    return found


def create_database(database: NssDatabase) -> None:
    """Create an empty database (no password), as Chromium would on first use."""
    database.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    done = _certutil("-N", "-d", _database_arg(database), "--empty-password")
    if done.returncode != 0:
        raise NssError(
            f"création de la base {database.directory} impossible : {done.stderr.strip()}"
        )


def add_ca(database: NssDatabase, nickname: str, certificate: Path) -> None:
    """Trust the CA for websites in this database."""
    done = _certutil(
        "-A",
        "-d",
        _database_arg(database),
        "-n",
        nickname,
        "-t",
        SITES_ONLY_TRUST,
        "-i",
        str(certificate),
    )
    if done.returncode != 0:
        raise NssError(
            f"ajout du certificat dans {database.directory} impossible : {done.stderr.strip()}"
        )


def remove_ca(database: NssDatabase, nickname: str) -> bool:
    """Remove the CA by nickname; False when it was not there (already removed by hand)."""
    if not database.exists:
        return False
    removed = False
    while has_nickname(database, nickname):  # NSS may hold several certificates under one nickname
        done = _certutil("-D", "-d", _database_arg(database), "-n", nickname)
        if done.returncode != 0:
            raise NssError(
                f"retrait du certificat de {database.directory} impossible : {done.stderr.strip()}"
            )
        removed = True
    return removed


def has_nickname(database: NssDatabase, nickname: str) -> bool:
    """Whether a certificate with this nickname is in the database."""
    return _certutil("-L", "-d", _database_arg(database), "-n", nickname).returncode == 0


def trusts(database: NssDatabase, nickname: str, certificate_pem: bytes) -> bool:
    """Whether this very certificate is in the database, trusted for websites."""
    if not database.exists:
        return False
    listed = _certutil("-L", "-d", _database_arg(database), "-n", nickname, "-a")
    if listed.returncode != 0 or _normalise(listed.stdout) != _normalise(certificate_pem.decode()):
        return False
    return nickname_trust(database, nickname).split(",")[0].find("C") >= 0


def nickname_trust(database: NssDatabase, nickname: str) -> str:
    """The trust flags (``"C,,"``…) of a nickname, empty when absent."""
    listing = _certutil("-L", "-d", _database_arg(database))
    for line in listing.stdout.splitlines():
        name, _, flags = line.rstrip().rpartition(" ")
        if name.strip() == nickname:
            return flags
    return ""


def certificate_count(database: NssDatabase) -> int:
    """How many certificates the database holds (to know whether one we created is empty again)."""
    listing = _certutil("-L", "-d", _database_arg(database))
    lines = [line for line in listing.stdout.splitlines()[4:] if line.strip()]
    return len(lines)


def delete_database(database: NssDatabase) -> None:
    """Delete a database that setup created and that is empty again."""
    for name in NSS_DB_FILES:
        path = database.directory / name
        if path.exists():
            path.unlink()
    for directory in (database.directory, database.directory.parent):
        if directory.name not in ("nssdb", ".pki"):
            break
        try:
            directory.rmdir()
        except OSError:
            logger.info("Dossier %s conservé (il contient d'autres fichiers)", directory)
            break


def _normalise(pem: str) -> str:
    return "".join(line.strip() for line in pem.strip().splitlines())
