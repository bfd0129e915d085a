"""Latency of the metrics HTTP API under concurrent clients, on loopback.

Starts `dogdb api` as its own process on a free 127.0.0.1 port, runs `clients` threads that send a
fixed mix of metric queries for `seconds`, and reports p50/p95 latency and errors.

    python -m dogdb_analytics.bench.api_latency --snapshot warehouse/published.duckdb --seconds 30
"""

from __future__ import annotations

import argparse
import itertools
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dogdb_analytics.bench.dashboard_queries import percentile

# A mix of what readers ask: headline stocks, flows by dimension, ratios, several grains.
MIXED_QUERIES = (
    "/query?metrics=mrr,arr,paying_customers&by=month&since=2026-01",
    "/query?metrics=mrr,paying_customers&by=plan&since=2026-09&until=2026-11",
    "/query?metrics=interactions,resolution_rate,median_resolution_hours&by=month,channel"
    "&since=2026-06",
    "/query?metrics=top_10_interactions,top_10_share&by=month&filter=status:open,resolved",
    "/query?metrics=billed_amount,expected_amount,billing_variance&by=month,payment_method"
    "&since=2026-06",
    "/query?metrics=unpaid_usage_events,unpaid_rate&by=week,feature&since=2026-09-01",
    "/query?metrics=arpa,net_revenue_retention,logo_churn_rate&by=month&since=2025-10",
    "/query?metrics=adoption_rate,customers_with_feature_access&by=feature",
    "/query?metrics=mrr,customers&by=quarter,segment",
    "/query?metrics=interactions&by=day&since=2026-10-01&format=csv",
)


@dataclass(frozen=True)
class Sample:
    path: str
    status: int
    seconds: float
    published_at: str | None
    body: bytes


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(snapshot: Path, timeout: float = 120.0) -> Iterator[str]:
    """`dogdb api` on a free loopback port for the duration of the block; yields its base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "dogdb_analytics", "api", "--snapshot", str(snapshot),
         "--host", "127.0.0.1", "--port", str(port)],
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"{base}/openapi.json", timeout=5).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the API did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def fetch(base: str, path: str) -> Sample:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            body = response.read()
            status = response.status
            header = response.headers.get("X-Published-At")
            is_json = response.headers.get_content_type() == "application/json"
    except urllib.error.HTTPError as error:
        body, status, header, is_json = error.read(), error.code, None, False
    except (urllib.error.URLError, OSError) as error:  # refused, reset, timed out: an error too
        body, status, header, is_json = repr(error).encode(), 0, None, False
    seconds = time.perf_counter() - started
    published_at = header
    if status == 200 and header is None and is_json:
        published_at = json.loads(body).get("published_at")
    return Sample(path, status, seconds, published_at, body)


def run_clients(base: str, clients: int, seconds: float) -> list[Sample]:
    """`clients` threads, each cycling through MIXED_QUERIES (from its own offset) for `seconds`."""
    samples: list[Sample] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        mine = []
        for path in itertools.islice(itertools.cycle(MIXED_QUERIES), offset, None):
            if time.monotonic() > deadline:
                break
            mine.append(fetch(base, path))
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def summary(samples: list[Sample]) -> dict[str, float]:
    timings = [s.seconds for s in samples]
    return {
        "requests": len(samples),
        "errors": sum(1 for s in samples if s.status != 200),
        "p50_ms": 1000 * percentile(timings, 0.50),
        "p95_ms": 1000 * percentile(timings, 0.95),
    }


def measure_api_latency(snapshot: Path, clients: int = 20, seconds: float = 30.0) -> dict:
    """p50/p95 latency (ms), request and error counts of the mixed load on `snapshot`."""
    with serving(snapshot) as base:
        for path in MIXED_QUERIES:
            fetch(base, path)
        return summary(run_clients(base, clients, seconds))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--snapshot", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args(argv)
    result = measure_api_latency(args.snapshot, args.clients, args.seconds)
    print(
        f"{result['requests']} requests, {result['errors']} errors, "
        f"p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms"
    )
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
