"""A small real child process standing in for the guard (the tray starts and watches it)."""

import sys


def listener_command(port: int) -> tuple[str, ...]:
    """A real child that answers on ``port`` until terminated (stands in for ``garde-ia run``)."""
    # It accepts and closes each connection, as a real server does: the tray's polls, never accepted,
    # would otherwise fill the listen backlog and make a running guard look stopped after a while.
    code = (
        "import socket\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
        f"s.bind(('127.0.0.1', {port}))\ns.listen()\nwhile True:\n    s.accept()[0].close()\n"
    )
    return (sys.executable, "-c", code)
