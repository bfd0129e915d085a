"""The benchmark's results as a Markdown report: machine, versions, the table, the targets."""

from __future__ import annotations

import os
import platform
import statistics
from datetime import date
from importlib.metadata import version
from pathlib import Path

from dogdb_analytics.bench.scale_benchmark import ScaleResult


def _cpu_model() -> str:
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        cpuinfo = ""
    for line in cpuinfo.splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _memory_gib() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


def _seconds(values: list[float]) -> str:
    median = statistics.median(values)
    runs = "" if len(values) == 1 else f" (median of {len(values)})"
    return f"{median:.2f} s{runs}"


def _with_inner(result: ScaleResult, step: str) -> str:
    inner = statistics.median(result.inner[step])
    return f"{_seconds(result.runs[step])}; {inner:.2f} s after start-up"


def _all_queries(result: ScaleResult) -> tuple[float, float]:
    """Median of the queries' medians, and the worst p95, in milliseconds."""
    medians = [m for m, _ in result.queries.values()]
    return statistics.median(medians) * 1000, max(p for _, p in result.queries.values()) * 1000


def table_rows(result: ScaleResult) -> dict[str, str]:
    build = result.median("build")
    query_median, query_p95 = _all_queries(result)
    dev_ok = sorted(result.models.get("plan_dev", [])) == sorted(result.expected_dev_models)
    return {
        "source generation": _seconds(result.runs["generate"]),
        "raw extract size": f"{result.raw_mb:,.0f} MB",
        "full prod build (sqlmesh plan prod)": _with_inner(result, "build"),
        "full build peak memory": f"{result.peak_rss_mb['build']:,.0f} MB",
        "baseline: plain DuckDB script": _seconds(result.runs["baseline"]),
        "SQLMesh build / baseline": f"{build / result.median('baseline'):.2f}x",
        "baseline + the same audit queries": _seconds(result.runs["baseline_audited"]),
        "SQLMesh build / baseline with audits": (
            f"{build / result.median('baseline_audited'):.2f}x"
        ),
        "daily sqlmesh run (one new day)": _with_inner(result, "daily_run"),
        "daily run / full build": f"{result.median('daily_run') / build:.1%}",
        "one-mart dev plan": _with_inner(result, "plan_dev"),
        "dev plan / full build": f"{result.median('plan_dev') / build:.1%}",
        "dev plan rebuilt only the mart + downstream": (
            f"{'yes' if dev_ok else 'NO'} ({len(result.models.get('plan_dev', []))} models)"
        ),
        "promotion to prod": _with_inner(result, "promote"),
        "batches evaluated by the promotion": str(result.batches.get("promote", 0)),
        "dashboard queries: median / worst p95": f"{query_median:.1f} / {query_p95:.1f} ms",
        "warehouse file after build": f"{result.warehouse_mb:,.0f} MB",
    }


def targets(result: ScaleResult) -> list[tuple[str, str, bool]]:
    build = result.median("build")
    checks = [
        (
            "daily run < 5% of the full build",
            f"{result.median('daily_run') / build:.1%}",
            result.median("daily_run") < 0.05 * build,
        ),
        (
            "one-mart dev plan < 10% of the full build",
            f"{result.median('plan_dev') / build:.1%}",
            result.median("plan_dev") < 0.10 * build,
        ),
        (
            "promotion < 5 s (the plan, after start-up)",
            f"{statistics.median(result.inner['promote']):.2f} s",
            statistics.median(result.inner["promote"]) < 5,
        ),
        (
            "dashboard queries p95 < 100 ms",
            f"{_all_queries(result)[1]:.1f} ms",
            _all_queries(result)[1] < 100,
        ),
        (
            "SQLMesh build / baseline <= 1.3x",
            f"{build / result.median('baseline'):.2f}x",
            build / result.median("baseline") <= 1.3,
        ),
        (
            "SQLMesh build / baseline running the same audits <= 1.3x",
            f"{build / result.median('baseline_audited'):.2f}x",
            build / result.median("baseline_audited") <= 1.3,
        ),
    ]
    if result.scale == "medium":
        checks.insert(0, ("full medium build < 60 s", f"{build:.1f} s", build < 60))
    return checks


def render_report(results: list[ScaleResult], today: date | None = None) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {(today or date.today()).isoformat()}",
        f"- Machine: {os.cpu_count()} cores ({_cpu_model()}), {_memory_gib():.0f} GiB, "
        f"{platform.system()} {platform.release()}",
        f"- Versions: Python {platform.python_version()}, sqlmesh {version('sqlmesh')}, "
        f"duckdb {version('duckdb')}, sqlglot {version('sqlglot')}",
        "- Times are wall times of a fresh process (Python start-up and project load included, as "
        "from a shell); 'after start-up' is the plan or run alone.",
        "- Command: `dogdb bench --scales "
        + ",".join(r.scale for r in results)
        + "` (each step in a fresh process on a throwaway copy; steps under a minute repeated, "
        "median shown)",
        "",
        "| figure | " + " | ".join(r.scale for r in results) + " |",
        "|---|" + "---|" * len(results),
    ]
    rows = [table_rows(r) for r in results]
    for key in rows[0]:
        lines.append(f"| {key} | " + " | ".join(row[key] for row in rows) + " |")
    lines += ["", "## Targets", "", "| scale | target | measured | met |", "|---|---|---|---|"]
    for result in results:
        for name, measured, met in targets(result):
            lines.append(f"| {result.scale} | {name} | {measured} | {'yes' if met else 'NO'} |")
    lines += ["", "## Dashboard queries (ms, median / p95 of 20 runs)", ""]
    lines.append("| query | " + " | ".join(r.scale for r in results) + " |")
    lines.append("|---|" + "---|" * len(results))
    for name in results[0].queries:
        cells = [
            f"{r.queries[name][0] * 1000:.1f} / {r.queries[name][1] * 1000:.1f}" for r in results
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "## Every run (seconds)", ""]
    for result in results:
        runs = "; ".join(
            f"{step} " + ", ".join(f"{v:.2f}" for v in values)
            for step, values in result.runs.items()
        )
        lines.append(f"- {result.scale}: {runs}")
        lines.append(
            f"  - daily run evaluated {result.batches.get('daily_run', 0)} batches of "
            f"{len(result.models.get('daily_run', []))} models; the dev plan rebuilt "
            f"{', '.join(result.models.get('plan_dev', []))}"
        )
        for step in ("build", "daily_run", "baseline", "baseline_audited"):
            slowest = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.slowest[step])
            lines.append(f"  - slowest in {step} (last run): {slowest}")
        if result.skipped_in_baseline:
            lines.append(
                "  - left out of the baseline (Python models and what reads them): "
                + ", ".join(result.skipped_in_baseline)
            )
    return "\n".join(lines) + "\n"
