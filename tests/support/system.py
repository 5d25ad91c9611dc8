"""Test helpers: real NSS databases via certutil, a throw-away CA with leaves, a recording HTTPS server,
and the CLI run as a real process."""

import datetime
import ipaddress
import os
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.support.guard import ProxyProcess
from tests.support.paths import ROOT


def garde_ia(
    args: Sequence[str], home: Path, user_home: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``garde-ia`` as a real process with its own GARDE_IA_HOME and HOME."""
    environment = {
        **os.environ,
        "GARDE_IA_HOME": str(home),
        "HOME": str(user_home),
        "PYTHONPATH": str(ROOT),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "proxy", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def certutil(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["certutil", *args], capture_output=True, text=True, timeout=60, check=False
    )


def new_nss_db(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    done = certutil("-N", "-d", f"sql:{directory}", "--empty-password")
    assert done.returncode == 0, done.stderr
    return directory


def nicknames(directory: Path) -> list[str]:
    listing = certutil("-L", "-d", f"sql:{directory}").stdout.splitlines()[4:]
    return [line.rstrip().rpartition(" ")[0].strip() for line in listing if line.strip()]


def valid_as_site_ca(directory: Path, nickname: str) -> bool:
    """NSS's own verdict: is this certificate a valid CA for websites in that database?"""
    return certutil("-V", "-d", f"sql:{directory}", "-n", nickname, "-u", "L").returncode == 0


@dataclass(frozen=True)
class TestPki:
    ca: Path
    leaf: Path
    key: Path


def make_pki(directory: Path, names: Sequence[str], label: str = "garde-ia tests") -> TestPki:
    """A throw-away CA and one leaf for ``names`` (DNS names and 127.0.0.1)."""
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, label)])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    sans: list[x509.GeneralName] = [x509.DNSName(n) for n in names]
    sans.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pki = TestPki(directory / "ca.pem", directory / "leaf.pem", directory / "leaf.key")
    pki.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    pki.leaf.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    pki.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return pki


@dataclass
class RecordingServer:
    name: str
    port: int = 0
    hosts: list[str] = field(default_factory=list)


@contextmanager
def https_server(name: str, pki: TestPki) -> Iterator[RecordingServer]:
    """An HTTPS server on 127.0.0.1 answering ``name`` and recording each request's Host header."""
    recording = RecordingServer(name)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            recording.hosts.append(self.headers.get("Host", ""))
            body = f"<html><body><p id='who'>{name}</p></body></html>".encode()
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki.leaf, pki.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    recording.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recording
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def local_pages(proxy_port: int) -> Iterator[str]:
    """garde-ia's real local pages (which serve /proxy.pac) on a free port; yields their base URL."""
    from proxy.config.catalog import load_catalog
    from proxy.config.policy import load_policy
    from proxy.storage import UsageLog
    from proxy.web.build import port_probe
    from proxy.web.context import WebContext
    from proxy.web.scanner import LazyScanner
    from proxy.web.secret import Tokens, load_or_create_secret
    from proxy.web.server import LocalServer

    log = UsageLog.open()
    policy = load_policy()
    context = WebContext(
        policy=policy,
        engine=log.engine,
        tokens=Tokens(load_or_create_secret()),
        scanner=LazyScanner(policy.detection_policy),
        tools={t.id: t.name for t in load_catalog().tools},
        subject_id="dev-test",
        guard_probe=port_probe(proxy_port),
    )
    pages = LocalServer(context, 0).start()
    try:
        yield pages.url
    finally:
        pages.stop()
        context.scanner.close()
        log.close()


def start_guard(home: Path, port: int, *options: str) -> ProxyProcess:
    """The real proxy (runner and addons) with the test Guard, which blocks the doctor's canary."""
    sets = [item for option in options for item in ("--set", option)]
    return ProxyProcess(
        [sys.executable, "-m", "tests.support.launcher", str(port), "none", *sets], home, port
    )
