"""Tray tests run pystray's dummy backend unless a test asks for a real one (set before any import);
the Xvfb tests get an X server, bare or with Debian's trayer as the notification area."""

import os
import subprocess
from collections.abc import Iterator

import pytest

from tests.tray.desktop import stop, tray_host_ready, wait_for

os.environ.setdefault("PYSTRAY_BACKEND", "dummy")


@pytest.fixture
def bare_display() -> Iterator[dict[str, str]]:
    """An X server with no desktop at all: no panel, no notification area."""
    # Xvfb picks a free display itself and writes its number: two runs at once never share one.
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "800x600x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
    )
    os.close(write_end)
    with os.fdopen(read_end) as announced:
        number = int(announced.readline().strip())
    env = {**os.environ, "DISPLAY": f":{number}"}
    env.pop("PYSTRAY_BACKEND", None)
    wait_for(lambda: subprocess.run(["xdpyinfo"], env=env, capture_output=True).returncode == 0)
    yield env
    stop(xvfb)


@pytest.fixture
def display(bare_display: dict[str, str]) -> Iterator[dict[str, str]]:
    env = bare_display
    trayer = subprocess.Popen(
        ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request", "--height", "32"],
        env=env,
    )
    # As on a real desktop, the tray host must own the system-tray selection before an icon asks
    # to dock: pystray only retries docking on its next icon update.
    wait_for(lambda: tray_host_ready(env["DISPLAY"]))
    yield env
    stop(trayer)
