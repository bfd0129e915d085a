"""The benchmark's results as a Markdown report: machine, versions, the table, the targets."""

from __future__ import annotations

import os
import platform
import statistics
from datetime import date
from importlib.metadata import version
from pathlib import Path

from dogdb_analytics.bench.growth import GrowthPoint, render_growth
from dogdb_analytics.bench.load_timing import render_load_timings
from dogdb_analytics.bench.scale_benchmark import API_CLIENTS, ScaleResult


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


NOT_RUN = "not run"  # a step the scale leaves out (the baselines at xlarge)


def _api_cell(result: ScaleResult, clients: int) -> str:
    api = result.api.get(clients)
    if not api:
        return NOT_RUN
    return (
        f"{api['p50_ms']:.1f} / {api['p95_ms']:.1f} ms "
        f"({api['requests']:,} requests, {api['errors']} errors)"
    )


def _ratio(result: ScaleResult, step: str, over: str, percent: bool = False) -> str:
    if not result.has(step, over):
        return NOT_RUN
    ratio = result.median(step) / result.median(over)
    return f"{ratio:.1%}" if percent else f"{ratio:.2f}x"


def _cell(result: ScaleResult, step: str, inner: bool = False) -> str:
    if not result.has(step):
        return NOT_RUN
    return _with_inner(result, step) if inner else _seconds(result.runs[step])


def table_rows(result: ScaleResult) -> dict[str, str]:
    query_median, query_p95 = _all_queries(result)
    dev_ok = sorted(result.models.get("plan_dev", [])) == sorted(result.expected_dev_models)
    peaks = result.peak_rss_mb
    return {
        "source generation": _seconds(result.runs["generate"]),
        "raw extract size": f"{result.raw_mb:,.0f} MB",
        "unit tests (sqlmesh test, once per job)": _cell(result, "unit_tests", inner=True),
        "full prod build (sqlmesh plan prod)": _cell(result, "build", inner=True),
        "full build peak memory": f"{peaks['build']:,.0f} MB",
        "peak memory of any step": f"{max(peaks.values()):,.0f} MB ({max(peaks, key=peaks.get)})",
        "baseline: plain DuckDB script": _cell(result, "baseline"),
        "SQLMesh build / baseline": _ratio(result, "build", "baseline"),
        "baseline + the same audit queries": _cell(result, "baseline_audited"),
        "SQLMesh build / baseline with audits": _ratio(result, "build", "baseline_audited"),
        "daily sqlmesh run (one new day)": _cell(result, "daily_run", inner=True),
        "daily run / full build": _ratio(result, "daily_run", "build", percent=True),
        "one-mart dev plan": _cell(result, "plan_dev", inner=True),
        "dev plan / full build": _ratio(result, "plan_dev", "build", percent=True),
        "dev plan rebuilt only the mart + downstream": (
            f"{'yes' if dev_ok else 'NO'} ({len(result.models.get('plan_dev', []))} models)"
        ),
        "promotion to prod": _cell(result, "promote", inner=True),
        "batches evaluated by the promotion": str(result.batches.get("promote", 0)),
        "dashboard queries: median / worst p95": f"{query_median:.1f} / {query_p95:.1f} ms",
        **{
            f"metrics API, {clients} client{'s' if clients > 1 else ''}: p50 / p95": _api_cell(
                result, clients
            )
            for clients in API_CLIENTS
        },
        "warehouse file after build": f"{result.warehouse_mb:,.0f} MB",
    }


def targets(result: ScaleResult) -> list[tuple[str, str, bool]]:
    """Issue 19's goals that this scale measures: (goal, measured, met)."""
    checks: list[tuple[str, str, bool]] = []

    def ratio_check(name: str, step: str, over: str, limit: float, percent: bool) -> None:
        if result.has(step, over):
            value = result.median(step) / result.median(over)
            checks.append((name, _ratio(result, step, over, percent), value <= limit))

    build = result.median("build")
    limits = {"medium": 40.0, "large": 240.0}
    if result.scale in limits:
        checks.append(
            (
                f"full build <= {limits[result.scale]:.0f} s",
                f"{build:.1f} s",
                build <= limits[result.scale],
            )
        )
    if result.scale in ("medium", "large"):
        ratio_check(
            "SQLMesh build / baseline with the same audits <= 1.15x",
            "build",
            "baseline_audited",
            1.15,
            percent=False,
        )
    if result.scale in ("large", "xlarge"):
        ratio_check("daily run <= 3% of the full build", "daily_run", "build", 0.03, percent=True)
    if result.scale == "medium":
        ratio_check(
            "one-mart dev plan <= 10% of the full build", "plan_dev", "build", 0.10, percent=True
        )
    if result.scale == "large":
        peak = result.peak_rss_mb["build"]
        checks.append(("build peak memory <= 6 GB", f"{peak / 1024:.1f} GB", peak <= 6 * 1024))
        p95 = _all_queries(result)[1]
        checks.append(("dashboard query p95 <= 50 ms", f"{p95:.1f} ms", p95 <= 50))
    busiest = max(API_CLIENTS)
    if result.scale == "medium" and busiest in result.api:
        api = result.api[busiest]
        checks.append(
            (
                f"metrics API p95 < 100 ms with {busiest} concurrent clients, 0 errors",
                f"{api['p95_ms']:.1f} ms, {api['errors']} errors",
                api["p95_ms"] < 100 and api["errors"] == 0,
            )
        )
    if result.has("promote"):
        promote = statistics.median(result.inner["promote"])
        checks.append(
            ("promotion < 5 s (the plan, after start-up)", f"{promote:.2f} s", promote < 5)
        )
    return checks


def phase_breakdown(results: list[ScaleResult], step: str) -> list[str]:
    """Markdown rows: seconds per SQLMesh phase of `step` (its last run), one column per scale."""
    measured = [r for r in results if r.phases.get(step)]
    if not measured:
        return []
    phases = list(measured[0].phases[step])
    lines = [
        "| phase | " + " | ".join(r.scale for r in measured) + " |",
        "|---|" + "---:|" * len(measured),
        "| start-up (Python, project load) | "
        + " | ".join(f"{r.runs[step][-1] - r.inner[step][-1]:.2f}" for r in measured)
        + " |",
    ]
    for phase in phases:
        cells = [f"{r.phases[step].get(phase, 0.0):.2f}" for r in measured]
        lines.append(f"| {phase} | " + " | ".join(cells) + " |")
    lines.append(
        "| **wall time** | " + " | ".join(f"{r.runs[step][-1]:.2f}" for r in measured) + " |"
    )
    return lines


def _header(
    results: list[ScaleResult],
    today: date | None,
    growth: bool,
    density: str = "medium",
    loads: list[dict[str, float | int | str]] | None = None,
) -> list[str]:
    command = "dogdb bench --scales " + (",".join(r.scale for r in results) or "''")
    if growth:
        command += " --growth"
        if density != "medium":
            command += f" --growth-density {density}"
    if loads:
        command += " --load " + ",".join(dict.fromkeys(str(t["scale"]) for t in loads))
        command += " --load-apps " + ",".join(dict.fromkeys(str(t["app"]) for t in loads))
    return [
        "# Benchmark results",
        "",
        f"- Date: {(today or date.today()).isoformat()}",
        f"- Machine: {os.cpu_count()} cores ({_cpu_model()}), {_memory_gib():.0f} GiB, "
        f"{platform.system()} {platform.release()}",
        f"- Versions: Python {platform.python_version()}, sqlmesh {version('sqlmesh')}, "
        f"duckdb {version('duckdb')}, sqlglot {version('sqlglot')}",
        "- DuckDB: memory_limit "
        + os.environ.get("DOGDB_DUCKDB_MEMORY_LIMIT", "4GB (config.yaml default)")
        + ", threads "
        + os.environ.get("DOGDB_DUCKDB_THREADS", "one per core")
        + "; what each figure means: docs/benchmarks.md",
        "- Times are wall times of a fresh process (Python start-up and project load included, as "
        "from a shell); 'after start-up' is the plan or run alone.",
        f"- Command: `{command}` (each step in a fresh process on a throwaway copy; steps under a "
        "minute repeated, median shown)",
        "",
    ]


def _scale_sections(results: list[ScaleResult]) -> list[str]:
    lines = [
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
    for step, title in (("build", "full build"), ("daily_run", "daily run")):
        lines += [
            "",
            f"## Where the {title} goes (seconds per SQLMesh phase, last run)",
            "",
            *phase_breakdown(results, step),
        ]
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
        lines.append(
            "  - peak memory per step: "
            + ", ".join(f"{step} {mb:,.0f} MB" for step, mb in result.peak_rss_mb.items())
        )
        for step in ("build", "daily_run", "baseline", "baseline_audited"):
            if result.slowest.get(step):
                slowest = ", ".join(f"{name} {sec:.1f} s" for name, sec in result.slowest[step])
                lines.append(f"  - slowest in {step} (last run): {slowest}")
        for step in ("build", "daily_run"):
            if result.slowest_audits.get(step):
                audits = ", ".join(
                    f"{name} {sec:.1f} s" for name, sec in result.slowest_audits[step]
                )
                lines.append(f"  - slowest audits in {step} (last run): {audits}")
        if result.skipped_in_baseline:
            lines.append(
                "  - left out of the baseline (Python models and what reads them): "
                + ", ".join(result.skipped_in_baseline)
            )
    return lines


def render_report(
    results: list[ScaleResult],
    today: date | None = None,
    growth: list[GrowthPoint] | None = None,
    growth_density: str = "medium",
    failed: dict[str, str] | None = None,
    loads: list[dict[str, float | int | str]] | None = None,
) -> str:
    """`failed`: scales (or `growth`, a load) whose step failed, with the error's first line;
    `loads`: bench/load_timing.py's timings."""
    lines = _header(results, today, growth is not None, growth_density, loads or [])
    if results:
        lines += _scale_sections(results)
    step_failures = [(r.scale, step, e) for r in results for step, e in r.failures.items()]
    if failed or step_failures:
        lines += ["", "## Failed", ""]
        lines += [f"- {name}: {error}" for name, error in (failed or {}).items()]
        lines += [f"- {scale}, {step}: {error}" for scale, step, error in step_failures]
    if growth:
        if lines[-1]:
            lines.append("")
        lines.append(render_growth(growth, growth_density).rstrip("\n"))
    if loads:
        if lines[-1]:
            lines.append("")
        lines.append(render_load_timings(loads).rstrip("\n"))
    return "\n".join(lines) + "\n"
