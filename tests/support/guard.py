"""The real guard as a child process (``garde-ia run``, or the same runner with the fake Guard of
``tests.support.launcher``), its services mapped onto local upstreams that trust the tests' CA."""

import os
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx

from tests.support.paths import ROOT

# The hosts mapped onto the recording upstream unless a test names others.
CHAT_HOSTS = (
    "api.openai.com",
    "api.anthropic.com",
    "chatgpt.com",
    "claude.ai",
    "copilot.microsoft.com",
)


def accept_charter(env: dict[str, str], args: list[str]) -> None:
    """The real `garde-ia charter accept`, for the policy the proxy runs with (same home, same database)."""
    policy = args[args.index("--policy") :][:2] if "--policy" in args else []
    subprocess.run(
        [sys.executable, "-m", "proxy", "charter", "accept", "--yes", *policy],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


class ProxyProcess:
    def __init__(self, args: list[str], home: Path, port: int, acknowledge: bool = True) -> None:
        self.port = port
        self.home = home
        env = {**os.environ, "GARDE_IA_HOME": str(home), "PYTHONPATH": str(ROOT)}
        self.env = env
        self.log = home / "proxy.log"
        home.mkdir(parents=True, exist_ok=True)
        if (
            acknowledge
        ):  # the guard gates every AI tool until the charter is acknowledged on this device
            accept_charter(env, args)
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"proxy exited: {self.log.read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("proxy did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ca(self) -> Path:
        return self.home / "mitmproxy" / "mitmproxy-ca-cert.pem"

    def client(self, timeout: float = 60) -> httpx.Client:
        """An HTTP client going through this guard and trusting its CA (as a set-up browser does)."""
        return httpx.Client(
            proxy=self.url, verify=ssl.create_default_context(cafile=str(self.ca)), timeout=timeout
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def mapping_options(upstream_port: int, ca: Path, hosts: Sequence[str] = CHAT_HOSTS) -> list[str]:
    """mitmproxy options sending ``hosts`` to the local upstream, whose certificate ``ca`` signed."""
    options = ["connection_strategy=lazy", f"ssl_verify_upstream_trusted_ca={ca}"]
    for host in hosts:
        options.append(
            f"map_remote=|https://{host.replace('.', '[.]')}|https://127.0.0.1:{upstream_port}"
        )
    return options


def guard_command(port: int, *args: str, launcher: bool = False) -> list[str]:
    """``garde-ia run`` on ``port``, or with ``launcher`` the same runner and addons with the fake Guard."""
    if launcher:
        return [sys.executable, "-m", "tests.support.launcher", str(port), "none", *args]
    return [sys.executable, "-m", "proxy", "run", "--listen-port", str(port), *args]


def start_proxy(
    tmp: Path,
    command: list[str],
    upstream_port: int,
    ca: Path,
    port: int,
    acknowledge: bool = True,
    hosts: Sequence[str] = CHAT_HOSTS,
) -> ProxyProcess:
    sets = [
        item for option in mapping_options(upstream_port, ca, hosts) for item in ("--set", option)
    ]
    return ProxyProcess([*command, *sets], tmp, port, acknowledge)


# The e2e fixture ``launch_guard``: (name, upstream_port, hosts=CHAT_HOSTS, *, args=(), launcher=False) -> ProxyProcess
LaunchGuard = Callable[..., ProxyProcess]
