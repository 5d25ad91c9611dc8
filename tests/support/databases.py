"""Real databases for the usage-log tests: a SQLite file, or a throw-away PostgreSQL server.

The PostgreSQL server (Debian's ``postgresql`` package, installed by ``.ci/system-deps.sh``) is
started once per test session on a random 127.0.0.1 port, as the ``postgres`` user when the tests
run as root (CI does), and each test gets a fresh database. Both test directories import these
fixtures; the server is shared and stopped when the last user releases it.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest


@dataclass
class PostgresServer:
    root: Path
    port: int
    bin_dir: Path

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def dump(self, database: str) -> str:
        return _run_as_owner(
            [
                str(self.bin_dir / "pg_dump"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                database,
            ]
        ).stdout


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _run_as_owner(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_as_owner(command), check=True, capture_output=True, text=True, cwd="/")


def _bin_dir() -> Path | None:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server() -> PostgresServer:
    bin_dir = _bin_dir()
    if bin_dir is None:
        message = "PostgreSQL absent : lancez « bash .ci/system-deps.sh » (en root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    root = Path(tempfile.mkdtemp(prefix="garde-ia-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", _free_port()
    _run_as_owner(
        [
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ]
    )
    options = (
        f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off "
        "-c full_page_writes=off -c max_connections=200"
    )
    _run_as_owner(
        [
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        ]
    )
    return PostgresServer(root, port, bin_dir)


def stop_server(server: PostgresServer) -> None:
    try:
        _run_as_owner(
            [
                str(server.bin_dir / "pg_ctl"),
                "-D",
                str(server.root / "data"),
                "-m",
                "fast",
                "-w",
                "stop",
            ]
        )
    finally:
        shutil.rmtree(server.root, ignore_errors=True)


_shared: dict[str, object] = {"server": None, "users": 0}


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    if _shared["server"] is None:
        _shared["server"] = start_server()
    _shared["users"] = int(str(_shared["users"])) + 1
    server = _shared["server"]
    assert isinstance(server, PostgresServer)
    try:
        yield server
    finally:
        _shared["users"] = int(str(_shared["users"])) - 1
        if _shared["users"] == 0:
            _shared["server"] = None
            stop_server(server)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty usage-log database, on each backend in turn."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'usage.sqlite3'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create_database()
    try:
        yield server.url(name)
    finally:
        server.drop_database(name)
