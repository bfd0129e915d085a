"""Latency of the dashboard queries of the slow-view issue, run against the reporting models: the
"top accounts last 12 months" one as the dashboard runs it, on its pre-aggregated table."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import duckdb

from dogdb_analytics.dashboard.page_modules.customer_service_queries import (
    TOP_ACCOUNTS_LAST_12_MONTHS,
)
from dogdb_analytics.scenarios.slow_view import DASHBOARD_QUERIES

TABLE = "reporting.account_activity_monthly"
QUERIES: dict[str, str] = {
    **DASHBOARD_QUERIES,
    "top accounts last 12 months": TOP_ACCOUNTS_LAST_12_MONTHS,
}


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of `values` (share in 0..1)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def time_dashboard_queries(warehouse: Path, repeats: int = 20) -> dict[str, tuple[float, float]]:
    """(median, p95) seconds per query over `repeats` runs after one warm-up, read-only."""
    results: dict[str, tuple[float, float]] = {}
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for name, template in QUERIES.items():
            sql = template.format(table=TABLE)
            connection.execute(sql).fetchall()
            timings = []
            for _ in range(repeats):
                started = time.perf_counter()
                connection.execute(sql).fetchall()
                timings.append(time.perf_counter() - started)
            results[name] = (statistics.median(timings), percentile(timings, 0.95))
    return results
