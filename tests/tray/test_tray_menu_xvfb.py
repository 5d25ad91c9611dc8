"""The tray's menu, driven for real: ``garde-ia tray`` with pystray's AppIndicator backend under Xvfb.

A session bus (``dbus-run-session``) and Debian's trayer as the notification area: with no
StatusNotifier host, Ayatana AppIndicator docks as an XEmbed icon whose click opens the GTK menu.
Each entry is chosen with the keyboard, as a volunteer could, and its effect checked.
"""

import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.support.listener import listener_command
from tests.support.net import free_port
from tests.tray.desktop import stop, wait_for
from tray.supervisor import port_answers

# Menu order (tray/menu.py): status, charter, acknowledge, report, activity, checklist, mentions, pause, quit.
REPORT, PAUSE, QUIT = 4, 8, 9


def indicator_icon(env: dict[str, str]) -> tuple[int, int] | None:
    """The absolute position of garde-ia's AppIndicator icon docked in the tray, if it is there."""
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"], env=env, capture_output=True, encoding="latin-1"
    ).stdout
    found = re.search(r'\("garde-ia" "garde-ia"\)\s+\d+x\d+\+-?\d+\+-?\d+\s+\+(\d+)\+(\d+)', tree)
    return (int(found.group(1)), int(found.group(2))) if found else None


def choose(env: dict[str, str], position: int) -> None:
    """Open the menu with a click on the icon, then pick the entry at ``position`` with the keyboard."""
    x, y = indicator_icon(env) or (0, 0)
    subprocess.run(
        ["xdotool", "mousemove", str(x + 5), str(y + 5), "click", "1"], env=env, check=True
    )
    time.sleep(1.0)
    for _ in range(position):
        subprocess.run(["xdotool", "key", "Down"], env=env, check=True)
        time.sleep(0.15)
    subprocess.run(["xdotool", "key", "Return"], env=env, check=True)


def test_the_menu_opens_a_page_pauses_resumes_and_quits(
    display: dict[str, str], tmp_path: Path
) -> None:
    assert shutil.which("dbus-run-session") and shutil.which("xdotool"), "run .ci/system-deps.sh"
    opened = tmp_path / "opened-urls"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n')
    browser.chmod(0o755)
    proxy_port, pages_port = free_port(), free_port()
    env = {
        **display,
        "BROWSER": str(browser),
        "PATH": f"{Path(sys.executable).parent}:{display['PATH']}",
    }
    tray = subprocess.Popen(
        [
            "dbus-run-session",
            "--",
            sys.executable,
            "-m",
            "proxy",
            "tray",
            "--proxy-port",
            str(proxy_port),
            "--pages-port",
            str(pages_port),
            "--poll-seconds",
            "0.5",
            "--guard-command",
            shlex.join(listener_command(proxy_port)),
        ],
        env=env,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(lambda: indicator_icon(env) is not None and port_answers(proxy_port))
        wait_for(lambda: port_answers(pages_port))
        choose(env, REPORT)
        wait_for(lambda: opened.exists() and opened.read_text().strip() != "", 20)
        assert opened.read_text().split() == [f"http://127.0.0.1:{pages_port}/signaler"]
        choose(env, PAUSE)  # « Mettre la protection en pause »: the guard stops
        wait_for(lambda: not port_answers(proxy_port), 20)
        time.sleep(
            1.5
        )  # the menu is rebuilt at the next poll: « Reprendre la protection » in the same place
        choose(env, PAUSE)
        wait_for(lambda: port_answers(proxy_port), 20)
        time.sleep(1.5)
        choose(env, QUIT)  # « Quitter »: the tray stops its children and leaves
        tray.wait(30)
    finally:
        if tray.poll() is None:
            stop(tray)
    errors = tray.stderr.read().decode() if tray.stderr else ""
    assert tray.returncode == 0, errors
    assert "Traceback" not in errors and "menu de l'icône indisponible" not in errors, errors
    assert not port_answers(proxy_port) and not port_answers(pages_port)


def test_with_the_indicator_but_no_notification_area_the_tray_stops_once_in_french(
    bare_display: dict[str, str],
) -> None:
    command = [
        "dbus-run-session",
        "--",
        sys.executable,
        "-m",
        "proxy",
        "tray",
        "--proxy-port",
        str(free_port()),
        "--pages-port",
        str(free_port()),
    ]
    done = subprocess.run(
        command, env=bare_display, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 5, done.stderr
    assert done.stderr.count("zone de notification") == 1
    assert "Traceback" not in done.stderr and "menu de l'icône indisponible" not in done.stderr
