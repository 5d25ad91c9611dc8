"""Start a child process (the guard, the local pages), watch it, stop it in bounded time."""

import logging
import socket
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

logger = logging.getLogger(__name__)
STOP_GRACE_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class ChildStatus:
    """What the watcher sees: running or not, answering on its port, exit code once ended."""

    running: bool
    ready: bool
    exit_code: int | None


def port_answers(port: int, host: str = "127.0.0.1", timeout: float = 0.3) -> bool:
    """Whether something accepts connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


class ChildProcess:
    """One child command; ready once it answers on ``ready_port``."""

    def __init__(self, name: str, command: Sequence[str], ready_port: int | None = None) -> None:
        self.name = name
        self._command = list(command)
        self._ready_port = ready_port
        self._process: subprocess.Popen[bytes] | None = None
        # Already answering when asked to start (a ``garde-ia run`` started by hand): watched, not
        # started again, since a second one would fail on the busy port and show a false "stopped".
        self.external = False

    def start(self) -> None:
        """Start the child unless it, or another process on its port, is running already."""
        if self._process is not None and self._process.poll() is None:
            return
        if self._ready_port is not None and port_answers(self._ready_port):
            self.external = True
            logger.info(
                "%s tourne déjà (port %d) : surveillé, pas relancé", self.name, self._ready_port
            )
            return
        self.external = False
        logger.info("Démarrage de %s", self.name)
        self._process = subprocess.Popen(self._command, stdin=subprocess.DEVNULL)

    def status(self) -> ChildStatus:
        """The child's state now."""
        if self.external and self._ready_port is not None:
            answers = port_answers(self._ready_port)
            return ChildStatus(answers, answers, None)
        if self._process is None:
            return ChildStatus(False, False, None)
        code = self._process.poll()
        if code is not None:
            return ChildStatus(False, False, code)
        ready = self._ready_port is None or port_answers(self._ready_port)
        return ChildStatus(True, ready, None)

    def stop(self) -> None:
        """Terminate, wait a little, then kill: never hangs the tray."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        logger.info("Arrêt de %s", self.name)
        process.terminate()
        try:
            process.wait(STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_GRACE_SECONDS)
