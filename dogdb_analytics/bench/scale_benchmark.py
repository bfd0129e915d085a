"""Benchmark one scale in a throwaway directory: generate, unit tests, build, baseline, daily run,
one-mart dev plan and promotion, dashboard queries, the metrics API under concurrent clients,
warehouse size.

The scales of BUILD_ONLY_SCALES (xlarge) are measured once, without the two baseline scripts
(which alone take longer than the build): generate, build, daily run, dev plan and promotion,
dashboard queries."""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlmesh import Context

from dogdb_analytics.bench.api_latency import measure_api_latency
from dogdb_analytics.bench.baseline import baseline_settings, render_baseline_script
from dogdb_analytics.bench.dashboard_queries import time_dashboard_queries
from dogdb_analytics.bench.one_line_change import MART, apply_one_line_change
from dogdb_analytics.bench.processes import StepResult, error_summary, run_python_module
from dogdb_analytics.bench.warehouse_copies import WAREHOUSE_NAME, fresh_copy
from dogdb_analytics.generate import generate_sources
from dogdb_analytics.generate.daily_append import append_day
from dogdb_analytics.publishing.snapshot import publish
from dogdb_analytics.scenarios.project_copy import copy_project
from dogdb_analytics.warehouse import PROJECT_ROOT, execution_time_after, opened_context

# The raw extract ends on a Sunday, so the full build (Monday 00:00) includes the week that just
# closed; one more day (Monday) is appended and the daily run happens on Tuesday 00:00: an
# ordinary weekday, without the Monday-only weekly models.
DATA_END = date(2026, 11, 1)
BUILD_TIME = execution_time_after(DATA_END)  # 2026-11-02 00:00:00
RUN_TIME = execution_time_after(DATA_END + timedelta(days=1))  # 2026-11-03 00:00:00
REPEAT_BELOW_SECONDS = 60.0  # steps quicker than this are repeated and their median reported
BUILD_ONLY_SCALES = frozenset({"xlarge"})
API_CLIENTS = (1, 20)  # the metrics API alone, then under 20 concurrent clients


@dataclass
class ScaleResult:
    scale: str
    runs: dict[str, list[float]] = field(default_factory=dict)
    # seconds inside the step itself (the plan or run, after Python start-up and project load)
    inner: dict[str, list[float]] = field(default_factory=dict)
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    batches: dict[str, int] = field(default_factory=dict)
    models: dict[str, list[str]] = field(default_factory=dict)
    slowest: dict[str, list[list[object]]] = field(default_factory=dict)
    # seconds per SQLMesh phase of each step's last run (bench/overhead.py)
    phases: dict[str, dict[str, float]] = field(default_factory=dict)
    slowest_audits: dict[str, list[list[object]]] = field(default_factory=dict)
    expected_dev_models: list[str] = field(default_factory=list)
    queries: dict[str, tuple[float, float]] = field(default_factory=dict)
    # clients -> requests, errors, p50_ms, p95_ms of the metrics API's mixed queries
    api: dict[int, dict[str, float]] = field(default_factory=dict)
    warehouse_mb: float = 0.0
    raw_mb: float = 0.0
    skipped_in_baseline: list[str] = field(default_factory=list)
    # steps that failed (e.g. out of memory at large), with the first line of their error: the
    # benchmark reports them and goes on, so that an unattended run keeps what it measured
    failures: dict[str, str] = field(default_factory=dict)

    def median(self, step: str) -> float:
        return statistics.median(self.runs[step])

    def has(self, *steps: str) -> bool:
        return all(self.runs.get(step) for step in steps)


def _repeat(runs: int, measure: Callable[[], float]) -> list[float]:
    """Run once; while runs are under a minute, repeat until `runs` results."""
    results = [measure()]
    while len(results) < runs and results[0] < REPEAT_BELOW_SECONDS:
        results.append(measure())
    return results


def _size_mb(path: Path) -> float:
    wal = path.with_name(path.name + ".wal")
    return (path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)) / 2**20


def _model_names(fqns: list[str]) -> list[str]:
    return sorted(f.replace('"', "").split(".", 1)[-1] for f in fqns)


def _baselines(
    result: ScaleResult,
    context: Context,
    root: Path,
    raw: Path,
    runs: int,
    step: Callable[[str, str, list[str]], float],
) -> None:
    """The plain script and the script with the same audits, each on a fresh copy of the raw
    extract, with the DuckDB settings of the project's gateway."""
    execution_time = datetime.fromisoformat(BUILD_TIME)
    settings = baseline_settings(context)
    script, result.skipped_in_baseline = render_baseline_script(
        context, execution_time, PROJECT_ROOT, settings=settings
    )
    audited_script, _ = render_baseline_script(
        context, execution_time, PROJECT_ROOT, with_audits=True, settings=settings
    )
    script_path = root / "baseline.sql"
    script_path.write_text(script)
    audited_script_path = root / "baseline_with_audits.sql"
    audited_script_path.write_text(audited_script)
    baseline = root / "baseline" / WAREHOUSE_NAME

    def baseline_runner(name: str, path: Path) -> Callable[[], float]:
        def run_baseline() -> float:
            fresh_copy(raw, baseline.parent)
            return step(name, "dogdb_analytics.bench.baseline", [str(path), str(baseline)])

        return run_baseline

    result.runs["baseline_audited"] = _repeat(
        runs, baseline_runner("baseline_audited", audited_script_path)
    )
    result.runs["baseline"] = _repeat(runs, baseline_runner("baseline", script_path))


def benchmark_scale(
    scale: str,
    workdir: Path,
    runs: int = 3,
    log: Callable[[str], None] = print,
    api_seconds: float = 30.0,
) -> ScaleResult:
    result = ScaleResult(scale)
    if scale in BUILD_ONLY_SCALES:
        runs = 1
    root = workdir / scale
    shutil.rmtree(root, ignore_errors=True)
    raw = root / "raw" / WAREHOUSE_NAME

    def generate() -> float:
        shutil.rmtree(raw.parent, ignore_errors=True)
        raw.parent.mkdir(parents=True)
        started = time.perf_counter()
        generate_sources(raw, scale=scale, end_date=DATA_END)
        return time.perf_counter() - started

    log(f"[{scale}] generating the raw extract")
    result.runs["generate"] = _repeat(runs, generate)
    result.raw_mb = _size_mb(raw)

    def step(name: str, module: str, args: list[str], cwd: Path = PROJECT_ROOT) -> float:
        outcome: StepResult = run_python_module(module, args, cwd)
        result.peak_rss_mb[name] = max(result.peak_rss_mb.get(name, 0.0), outcome.peak_rss_mb)
        result.batches[name] = int(outcome.report.get("batches", 0))
        result.models[name] = list(outcome.report.get("models", []))
        result.inner.setdefault(name, []).append(float(outcome.report["step_s"]))
        result.slowest[name] = list(outcome.report.get("slowest", []))
        result.phases[name] = dict(outcome.report.get("phases", {}))
        result.slowest_audits[name] = list(outcome.report.get("slowest_audits", []))
        return outcome.wall_seconds

    tests_db = root / "tests" / WAREHOUSE_NAME  # empty: the tests run on their own connection
    tests_db.parent.mkdir(parents=True)
    log(f"[{scale}] unit tests (sqlmesh test), once per job: the plans below skip them")
    result.runs["unit_tests"] = [
        step("unit_tests", "dogdb_analytics.bench.worker", ["test", "--warehouse", str(tests_db)])
    ]

    built = root / "build" / WAREHOUSE_NAME

    def build() -> float:
        fresh_copy(raw, built.parent)
        worker_args = ["build", "--warehouse", str(built), "--execution-time", BUILD_TIME]
        return step("build", "dogdb_analytics.bench.worker", worker_args)

    log(f"[{scale}] full prod build")
    result.runs["build"] = _repeat(runs, build)
    result.warehouse_mb = _size_mb(built)

    render_dir = root / "render"
    with opened_context(fresh_copy(raw, render_dir), PROJECT_ROOT) as context:
        mart_fqn = context.get_model(MART).fqn
        result.expected_dev_models = _model_names([mart_fqn, *context.dag.downstream(mart_fqn)])
        if scale not in BUILD_ONLY_SCALES:
            log(f"[{scale}] baseline script")
            try:
                _baselines(result, context, root, raw, runs, step)
            except RuntimeError as error:  # the script failed: the SQLMesh steps still run
                result.failures["baseline"] = error_summary(error)
                log(f"[{scale}] baseline failed: {result.failures['baseline']}")
    shutil.rmtree(render_dir, ignore_errors=True)

    log(f"[{scale}] daily run after appending one day of raw data")
    daily = root / "daily" / WAREHOUSE_NAME

    def daily_run() -> float:
        fresh_copy(built, daily.parent)
        # The day after the build's data end, also for `sample`, whose rows end in 2022: a day
        # dated before the build would be late data, which the row-accounting audit stops.
        append_day(daily, day=DATA_END + timedelta(days=1))
        worker_args = ["run", "--warehouse", str(daily), "--execution-time", RUN_TIME]
        return step("daily_run", "dogdb_analytics.bench.worker", worker_args)

    result.runs["daily_run"] = _repeat(runs, daily_run)

    log(f"[{scale}] one-line change to {MART}: dev plan and promotion")
    project = root / "project"
    shutil.rmtree(project, ignore_errors=True)
    copy_project(project)
    if (PROJECT_ROOT / ".cache").is_dir():
        shutil.copytree(PROJECT_ROOT / ".cache", project / ".cache")  # a developer's warm cache
    apply_one_line_change(project)
    changed = root / "change" / WAREHOUSE_NAME
    promotions: list[float] = []

    def plan_dev_and_promote() -> float:
        fresh_copy(daily, changed.parent)
        worker_args = ["--warehouse", str(changed), "--execution-time", RUN_TIME]
        dev = step("plan_dev", "dogdb_analytics.bench.worker", ["plan-dev", *worker_args], project)
        promotions.append(
            step("promote", "dogdb_analytics.bench.worker", ["promote", *worker_args], project)
        )
        return dev

    result.runs["plan_dev"] = _repeat(runs, plan_dev_and_promote)
    result.runs["promote"] = promotions

    log(f"[{scale}] dashboard queries")
    result.queries = time_dashboard_queries(changed)

    log(
        f"[{scale}] metrics API: {', '.join(map(str, API_CLIENTS))} clients, {api_seconds:g} s each"
    )
    snapshot = root / "published" / "published.duckdb"
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    publish(changed, snapshot, record_audits=False)
    for clients in API_CLIENTS:
        result.api[clients] = measure_api_latency(snapshot, clients=clients, seconds=api_seconds)
    return result
