"""Proxy benchmark: the real `garde-ia run` vs a direct connection to the same local fake service.

Measures, side by side in one run: added latency p50/p95 for a 2 KB prompt, time to first byte
of a streamed answer with restore on, throughput of non-catalogued HTTPS through the proxy, and
the proxy's resident memory. Run: .venv/bin/python benchmarks/proxy_bench.py [--requests 200]
"""

import argparse
import os
import socket
import ssl
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parents[1]))
from tests.support.guard import start_proxy
from tests.support.net import free_port
from tests.support.upstream import make_ca_and_leaf, start_upstream

PROMPT_2KB = ("Bonjour, je prépare la sortie du club de lecture avec Jean Dupont. " * 30)[:2048]


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def timed_posts(client: httpx.Client, url: str, n: int, warm: bool = True) -> list[float]:
    body = {"model": "m", "messages": [{"role": "user", "content": PROMPT_2KB}]}
    if warm:
        client.post(url, json=body)  # warm-up (TLS, model)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        client.post(url, json=body).raise_for_status()
        times.append((time.perf_counter() - start) * 1000)
    return times


def ttfb(client: httpx.Client, url: str, n: int) -> list[float]:
    body = {
        "model": "m",
        "stream": True,
        "messages": [{"role": "user", "content": "Écris à Jean Dupont."}],
    }
    times = []
    for _ in range(n):
        start = time.perf_counter()
        with client.stream("POST", url, json=body) as response:
            chunks = response.iter_raw()
            next(chunks)
            times.append((time.perf_counter() - start) * 1000)
            for _ in chunks:
                pass
    return times


def tunnel_throughput(
    proxy_port: int | None, upstream_port: int, ca: Path, megabytes: int
) -> float:
    context = ssl.create_default_context(cafile=str(ca))
    raw = socket.create_connection(("127.0.0.1", proxy_port or upstream_port))
    if proxy_port:
        raw.sendall(
            f"CONNECT localhost:{upstream_port} HTTP/1.1\r\nHost: localhost:{upstream_port}\r\n\r\n".encode()
        )
        raw.recv(1024)
    tls = context.wrap_socket(raw, server_hostname="localhost")
    payload = b"x" * (megabytes * 1024 * 1024)
    start = time.perf_counter()
    tls.sendall(
        f"POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: {len(payload)}\r\n\r\n".encode()
        + payload
    )
    tls.recv(65536)
    elapsed = time.perf_counter() - start
    tls.close()
    return megabytes / elapsed


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="garde-bench-"))
    make_ca_and_leaf(tmp)
    upstream, server = start_upstream(tmp)
    port = free_port()
    proxy = start_proxy(
        tmp / "home",
        [sys.executable, "-m", "proxy", "run", "--listen-port", str(port), "--no-usage-log"],
        upstream.port,
        tmp / "ca.pem",
        port,
    )
    try:
        direct = httpx.Client(
            verify=ssl.create_default_context(cafile=str(tmp / "ca.pem")), timeout=60
        )
        guarded = httpx.Client(
            proxy=proxy.url, verify=ssl.create_default_context(cafile=str(proxy.ca)), timeout=60
        )
        direct_url = f"https://127.0.0.1:{upstream.port}/v1/chat/completions"
        proxied_url = "https://api.openai.com/v1/chat/completions"
        d, p = (
            timed_posts(direct, direct_url, args.requests),
            timed_posts(guarded, proxied_url, args.requests),
        )
        print(
            f"2 KB prompt, {args.requests} requests (ms)   direct p50 {pct(d, 50):.1f} p95 {pct(d, 95):.1f} | "
            f"garde-ia p50 {pct(p, 50):.1f} p95 {pct(p, 95):.1f} | added p50 {pct(p, 50) - pct(d, 50):.1f} "
            f"p95 {pct(p, 95) - pct(d, 95):.1f} (target p50 <= 30)"
        )
        dt, pt = ttfb(direct, direct_url, 50), ttfb(guarded, proxied_url, 50)
        print(
            f"streamed answer TTFB, restore on (ms)   direct p50 {pct(dt, 50):.1f} | garde-ia p50 {pct(pt, 50):.1f} "
            f"| added {pct(pt, 50) - pct(dt, 50):.1f} (target <= 50)"
        )
        direct_mbs = max(
            tunnel_throughput(None, upstream.port, tmp / "ca.pem", 64) for _ in range(3)
        )
        tunnel_mbs = max(
            tunnel_throughput(port, upstream.port, tmp / "ca.pem", 64) for _ in range(3)
        )
        print(
            f"non-catalogued HTTPS upload (MB/s)      direct {direct_mbs:.0f} | through garde-ia {tunnel_mbs:.0f} "
            f"| {100 * tunnel_mbs / direct_mbs:.0f} % (target >= 90 %)"
        )
        from anonymizer import Vault, build_guard
        from proxy.config.policy import load_policy

        check = build_guard(load_policy().detection_policy)
        check.check(PROMPT_2KB, Vault())
        c, p2, d2 = [], [], []  # interleaved, so the three see the same load on a shared machine
        for _ in range(50):
            start = time.perf_counter()
            check.check(PROMPT_2KB, Vault())
            c.append((time.perf_counter() - start) * 1000)
            p2 += timed_posts(guarded, proxied_url, 1, warm=False)
            d2 += timed_posts(direct, direct_url, 1, warm=False)
        print(
            f"interleaved, 50 rounds (ms)   charter check alone (same 2 KB text, in-process) p50 {pct(c, 50):.1f} | "
            f"direct p50 {pct(d2, 50):.1f} | garde-ia p50 {pct(p2, 50):.1f} | added p50 {pct(p2, 50) - pct(d2, 50):.1f}"
        )
        print(
            f"proxy resident memory: {rss_mb(proxy.process.pid):.0f} MB (target <= 700); cpus {os.cpu_count()}"
        )
    finally:
        proxy.stop()
        server.shutdown()


if __name__ == "__main__":
    main()
