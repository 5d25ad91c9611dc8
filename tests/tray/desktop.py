"""Xvfb and a tray host for the tray tests: waiting, stopping a child, seeing the notification area."""

import subprocess
import time
from collections.abc import Callable


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def tray_host_ready(display_name: str) -> bool:
    """Whether a tray host owns the freedesktop system-tray selection of screen 0."""
    from Xlib import X
    from Xlib.display import Display

    connection = Display(display_name)
    try:
        return bool(
            connection.get_selection_owner(connection.intern_atom("_NET_SYSTEM_TRAY_S0")) != X.NONE
        )
    finally:
        connection.close()
