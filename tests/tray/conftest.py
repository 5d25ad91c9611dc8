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
    # It accepts and closes each connection, as a real server does: the tray's polls, never accepted,
    # would otherwise fill the listen backlog and make a running guard look stopped after a while.
    code = (
        "import socket\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
        f"s.bind(('127.0.0.1', {port}))\ns.listen()\nwhile True:\n    s.accept()[0].close()\n"
    )
    return (sys.executable, "-c", code)
