"""This device's own certificate authority, the one the guard signs intercepted sites with.

The CA is created here, on this device, in mitmproxy's format inside ``GARDE_IA_HOME/mitmproxy``
(the guard's ``confdir``), so the running guard uses exactly this one. It is never shipped nor
shared: whoever holds its key could impersonate any site to this computer, so the key is readable
by its owner only, and ``garde-ia setup --undo`` deletes it.
"""

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from proxy.config.paths import home_dir

CONF_BASENAME = "mitmproxy"  # mitmproxy's file prefix (mitmproxy.options.CONF_BASENAME)
CA_ORGANISATION = "garde-ia"
CA_COMMON_NAME = "garde-ia - autorite de cet appareil"
KEY_SIZE = 2048
# Every file mitmproxy may keep in its confdir for the CA (cert+key, PKCS#12, public copies, DH).
CA_FILE_SUFFIXES = (
    "-ca.pem",
    "-ca.p12",
    "-ca-cert.pem",
    "-ca-cert.p12",
    "-ca-cert.cer",
    "-dhparam.pem",
)


@dataclass(frozen=True, slots=True)
class DeviceCA:
    """The device CA's public side: where its certificate is and how to recognise it."""

    confdir: Path
    certificate_pem: bytes
    fingerprint_sha256: str
    created: bool

    @property
    def certificate_path(self) -> Path:
        """The public certificate (PEM), the file trust stores import."""
        return self.confdir / f"{CONF_BASENAME}-ca-cert.pem"

    @property
    def key_path(self) -> Path:
        """The private key and certificate together (owner-only)."""
        return self.confdir / f"{CONF_BASENAME}-ca.pem"

    @property
    def nickname(self) -> str:
        """The name shown in certificate managers; the fingerprint tells two devices' CAs apart."""
        return f"garde-ia - cet appareil ({self.fingerprint_sha256[:12]})"


def default_confdir() -> Path:
    """The guard's mitmproxy directory inside garde-ia's home (same as the runner's default)."""
    return home_dir() / "mitmproxy"


def _load(confdir: Path, created: bool) -> DeviceCA:
    pem = (confdir / f"{CONF_BASENAME}-ca-cert.pem").read_bytes()
    certificate = x509.load_pem_x509_certificate(pem)
    der = certificate.public_bytes(serialization.Encoding.DER)
    return DeviceCA(confdir, pem, hashlib.sha256(der).hexdigest(), created)


def ensure_device_ca(confdir: Path | None = None) -> DeviceCA:
    """Create the device CA if it does not exist yet, make its key owner-only, and describe it."""
    confdir = confdir or default_confdir()
    confdir.mkdir(parents=True, exist_ok=True, mode=0o700)
    confdir.chmod(0o700)
    key_file = confdir / f"{CONF_BASENAME}-ca.pem"
    created = not key_file.exists()
    if created:
        from mitmproxy.certs import CertStore

        CertStore.create_store(
            confdir, CONF_BASENAME, KEY_SIZE, organization=CA_ORGANISATION, cn=CA_COMMON_NAME
        )
    for suffix in ("-ca.pem", "-ca.p12"):
        secret = confdir / f"{CONF_BASENAME}{suffix}"
        if secret.exists():
            secret.chmod(0o600)
    if not (confdir / f"{CONF_BASENAME}-ca-cert.pem").exists():  # a confdir holding only the key
        (confdir / f"{CONF_BASENAME}-ca-cert.pem").write_bytes(
            x509.load_pem_x509_certificates(key_file.read_bytes())[0].public_bytes(
                serialization.Encoding.PEM
            )
        )
    return _load(confdir, created)


def existing_device_ca(confdir: Path | None = None) -> DeviceCA | None:
    """The device CA if it exists (doctor reads it, never creates it)."""
    confdir = confdir or default_confdir()
    if not (confdir / f"{CONF_BASENAME}-ca-cert.pem").exists():
        return None
    return _load(confdir, created=False)


def delete_device_ca(confdir: Path) -> list[Path]:
    """Delete the CA's files (key included); returns what was removed."""
    removed = []
    for suffix in CA_FILE_SUFFIXES:
        path = confdir / f"{CONF_BASENAME}{suffix}"
        if path.exists():
            path.unlink()
            removed.append(path)
    if confdir.exists() and not any(confdir.iterdir()):
        os.rmdir(confdir)
    return removed
