"""Loopback ports for the servers and processes the tests start."""

import socket


def free_port() -> int:
    """A loopback port nobody listens on right now (the kernel's choice, released at once)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])
