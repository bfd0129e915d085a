"""Latency of the slow-view issue's dashboard queries, run against the marts' reporting model."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import duckdb

from dogdb_analytics.scenarios.slow_view import DASHBOARD_QUERIES

TABLE = "reporting.account_activity_monthly"


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of `values` (share in 0..1)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def time_dashboard_queries(warehouse: Path, repeats: int = 20) -> dict[str, tuple[float, float]]:
    """(median, p95) seconds per query over `repeats` runs after one warm-up, read-only."""
    results: dict[str, tuple[float, float]] = {}
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for name, template in DASHBOARD_QUERIES.items():
            sql = template.format(table=TABLE)
            connection.execute(sql).fetchall()
            timings = []
            for _ in range(repeats):
                started = time.perf_counter()
                connection.execute(sql).fetchall()
                timings.append(time.perf_counter() - started)
            results[name] = (statistics.median(timings), percentile(timings, 0.95))
    return results
