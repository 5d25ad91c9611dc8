"""The operating system's trust store (Linux), changed only when setup runs with administrator rights.

Browsers on Linux read NSS, not this store; it matters for other programs (command-line tools,
some desktop applications). Debian/Ubuntu keep local anchors in ``/usr/local/share/ca-certificates``
(``update-ca-certificates``), Fedora in ``/etc/pki/ca-trust/source/anchors`` (``update-ca-trust``).
"""

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)


class SystemStoreError(RuntimeError):
    """The system store could not be changed; the message is in French."""


@dataclass(frozen=True, slots=True)
class SystemStore:
    """One anchor directory and the command that rebuilds the store from it."""

    anchors: Path
    refresh: tuple[str, ...]

    def anchor_for(self, fingerprint: str) -> Path:
        """The file name garde-ia uses for its CA in this store (``.crt``: required by Debian)."""
        return self.anchors / f"garde-ia-{fingerprint[:12]}.crt"

    def install(self, certificate: Path, fingerprint: str) -> Path:
        """Copy the certificate into the anchors and rebuild the store."""
        anchor = self.anchor_for(fingerprint)
        shutil.copyfile(certificate, anchor)
        anchor.chmod(0o644)
        self._refresh()
        return anchor

    def remove(self, anchor: Path) -> bool:
        """Delete garde-ia's anchor and rebuild the store; False when it was already gone."""
        if not anchor.exists():
            return False
        anchor.unlink()
        self._refresh(removal=True)
        return True

    def _removal_command(self) -> list[str]:
        # Debian's update-ca-certificates drops the links of a deleted local anchor only with
        # --fresh: without it, /etc/ssl/certs kept garde-ia-….pem and its hash link, both broken.
        command = list(self.refresh)
        if Path(command[0]).name == "update-ca-certificates" and "--fresh" not in command:
            command.append("--fresh")
        return command

    def _refresh(self, removal: bool = False) -> None:
        command = self._removal_command() if removal else list(self.refresh)
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
        if done.returncode != 0:
            raise SystemStoreError(
                f"la commande {' '.join(command)} a échoué : {done.stderr.strip()[-300:]}"
            )


def has_admin_rights() -> bool:
    """Whether this process may change the system store (root on Linux)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def detect_system_store() -> SystemStore | None:
    """The system store of this Linux distribution, when garde-ia knows how to change it."""
    debian = Path("/usr/local/share/ca-certificates")
    if debian.is_dir() and shutil.which("update-ca-certificates"):
        return SystemStore(debian, ("update-ca-certificates",))
    fedora = Path("/etc/pki/ca-trust/source/anchors")
    if fedora.is_dir() and shutil.which("update-ca-trust"):
        return SystemStore(fedora, ("update-ca-trust", "extract"))
    return None
