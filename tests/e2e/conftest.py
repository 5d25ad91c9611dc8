"""End-to-end fixtures: the tests' CA, the recording upstream, and guards started against an upstream."""

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.support.guard import CHAT_HOSTS, LaunchGuard, ProxyProcess, guard_command, start_proxy
from tests.support.net import free_port
from tests.support.upstream import Upstream, make_ca_and_leaf, start_upstream


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("ca")
    make_ca_and_leaf(directory)
    return directory


@pytest.fixture(scope="session")
def upstream(test_ca: Path) -> Iterator[Upstream]:
    up, server = start_upstream(test_ca)
    yield up
    server.shutdown()


@pytest.fixture
def fresh_upstream(upstream: Upstream) -> Upstream:
    upstream.received.clear()
    return upstream


@pytest.fixture(scope="module")
def launch_guard(tmp_path_factory: pytest.TempPathFactory, test_ca: Path) -> Iterator[LaunchGuard]:
    """Start a guard whose ``hosts`` go to the upstream on ``upstream_port``; all stopped after the module.

    ``args`` follow the command (``--no-usage-log``, ``--set``...); ``launcher`` runs the same runner
    and addons with the fake Guard (tests.support.launcher) instead of ``garde-ia run``.
    """
    started: list[ProxyProcess] = []

    def launch(
        name: str,
        upstream_port: int,
        hosts: Sequence[str] = CHAT_HOSTS,
        *,
        args: Sequence[str] = (),
        launcher: bool = False,
    ) -> ProxyProcess:
        port = free_port()
        proxy = start_proxy(
            tmp_path_factory.mktemp(name),
            guard_command(port, *args, launcher=launcher),
            upstream_port,
            test_ca / "ca.pem",
            port,
            hosts=hosts,
        )
        started.append(proxy)
        return proxy

    yield launch
    for proxy in started:
        proxy.stop()
