"""Benchmark: non-catalogued HTTPS (tunnelled, never decrypted) through `garde-ia run` under mitmproxy option sets.

For each option set, starts the real guard, then alternates direct and tunnelled 64 MB uploads to
the same local fake service (same load on a shared machine) and prints the median MB/s of each and
their ratio. Run: .venv/bin/python benchmarks/tunnel_bench.py [--rounds 5]

mitmproxy 12 has no buffer-size option: a tunnel is copied in 64 KB reads (``reader.read(65535)``
in ``mitmproxy/proxy/server.py``), so only the connection strategy is compared here.
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from benchmarks.proxy_bench import tunnel_throughput
from tests.support.guard import ProxyProcess
from tests.support.net import free_port
from tests.support.upstream import make_ca_and_leaf, start_upstream

OPTION_SETS: dict[str, list[str]] = {
    "defaults (connection_strategy=eager)": [],
    "connection_strategy=lazy": ["connection_strategy=lazy"],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--megabytes", type=int, default=64)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="garde-tunnel-"))
    make_ca_and_leaf(tmp)
    upstream, server = start_upstream(tmp)
    try:
        for name, options in OPTION_SETS.items():
            port = free_port()
            command = [
                sys.executable,
                "-m",
                "proxy",
                "run",
                "--listen-port",
                str(port),
                "--no-usage-log",
            ]
            proxy = ProxyProcess(
                [*command, *(i for o in options for i in ("--set", o))], tmp / f"home-{port}", port
            )
            try:
                direct, tunnelled = [], []
                for _ in range(args.rounds):
                    direct.append(
                        tunnel_throughput(None, upstream.port, tmp / "ca.pem", args.megabytes)
                    )
                    tunnelled.append(
                        tunnel_throughput(port, upstream.port, tmp / "ca.pem", args.megabytes)
                    )
                d, t = statistics.median(direct), statistics.median(tunnelled)
                print(
                    f"{name:40s} direct {d:5.0f} MB/s | through garde-ia {t:5.0f} MB/s | {100 * t / d:3.0f} %"
                )
            finally:
                proxy.stop()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
