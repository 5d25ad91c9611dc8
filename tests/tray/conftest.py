"""Tray tests: free ports and small real child processes standing in for the guard."""

import os
import socket
import sys

os.environ.setdefault("PYSTRAY_BACKEND", "dummy")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listener_command(port: int) -> tuple[str, ...]:
    """A real child that answers on ``port`` until terminated (stands in for ``garde-ia run``)."""
    code = (
        "import socket, time; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); "
        f"s.bind(('127.0.0.1', {port})); s.listen(); time.sleep(600)"
    )
    return (sys.executable, "-c", code)
