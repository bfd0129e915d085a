"""The slow view's fix, planned and proven in a dev environment.

In a throwaway copy of the project and warehouse:
1. build prod with the legacy view (scenarios/slow_view/legacy_account_activity_monthly.sql);
2. put the fix back (models/reporting/account_activity_monthly.sql) and plan it into `dev`,
   printing which models change and how SQLMesh categorizes the change;
3. diff prod's view against dev's table with SQLMesh's table_diff and require zero differences;
4. time the dashboard queries on both (several runs each; medians and speed-up);
5. promote dev's snapshot to prod and show that no model batch ran (a virtual update).
Exits non-zero when the diff is not empty or the promotion had to recompute anything.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlmesh import Context

from dogdb_analytics.scenarios.evaluation_log import RecordingConsole
from dogdb_analytics.scenarios.project_copy import copy_project
from dogdb_analytics.warehouse import close_context, open_context

MODEL = "reporting.account_activity_monthly"
MODEL_FILE = Path("models/reporting/account_activity_monthly.sql")
LEGACY_FILE = Path("scenarios/slow_view/legacy_account_activity_monthly.sql")
GRAIN = ["activity_month", "account_id"]

# The dashboard queries that departments run all day. {table} is the view or table under test.
DASHBOARD_QUERIES: dict[str, str] = {
    "top accounts last 12 months": """
        SELECT account_id, SUM(interactions) AS interactions
        FROM {table}
        WHERE activity_month >= (SELECT MAX(activity_month) FROM {table}) - INTERVAL '11' MONTH
        GROUP BY account_id ORDER BY interactions DESC, account_id LIMIT 10""",
    "one account's history": """
        SELECT activity_month, interactions, resolved_interactions, activity_rank
        FROM {table}
        WHERE account_id = (SELECT MIN(account_id) FROM {table} WHERE account_id >= 100)
        ORDER BY activity_month""",
    "monthly totals": """
        SELECT activity_month, SUM(interactions) AS interactions,
               SUM(resolved_interactions) AS resolved, SUM(open_interactions) AS still_open
        FROM {table} GROUP BY activity_month ORDER BY activity_month""",
    "monthly top 10 by rank": """
        SELECT activity_month, activity_rank, account_id, interactions
        FROM {table} WHERE activity_rank <= 10 ORDER BY activity_month, activity_rank""",
    "developer-license leaders last month": """
        SELECT account_id, active_developer_licenses, interactions
        FROM {table}
        WHERE activity_month = (SELECT MAX(activity_month) FROM {table})
        ORDER BY active_developer_licenses DESC, account_id LIMIT 20""",
    "resolution rate by license band": """
        SELECT CASE WHEN active_developer_licenses = 0 THEN '0'
                    WHEN active_developer_licenses < 3 THEN '1-2' ELSE '3+' END AS band,
               SUM(resolved_interactions) * 1.0 / SUM(interactions) AS resolution_rate
        FROM {table} GROUP BY band ORDER BY band""",
}


@dataclass
class ScenarioResult:
    """What the scenario measured; `ok` is False when the fix is not proven."""

    changed_models: list[tuple[str, str]] = field(default_factory=list)
    diff_source_rows: int = 0
    diff_target_rows: int = 0
    diff_differences: int = 0
    query_medians: dict[str, tuple[float, float]] = field(default_factory=dict)
    promotion_seconds: float = 0.0
    promotion_batches: int = 0

    @property
    def ok(self) -> bool:
        return self.diff_differences == 0 and self.promotion_batches == 0

    @property
    def median_speedup(self) -> float:
        ratios = [legacy / fixed for legacy, fixed in self.query_medians.values() if fixed > 0]
        return statistics.median(ratios) if ratios else 0.0


def _time_query(context: Context, sql: str, runs: int) -> float:
    context.engine_adapter.fetchall(sql)  # warm-up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        context.engine_adapter.fetchall(sql)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def run_scenario(
    workdir: Path, scale: str = "small", seed: int = 42, runs: int = 5
) -> ScenarioResult:
    from dogdb_analytics.generate import generate_sources

    result = ScenarioResult()
    project = copy_project(workdir / "project")
    warehouse = workdir / "warehouse" / "dogdb.duckdb"
    generate_sources(warehouse, scale=scale, seed=seed)

    print(f"\n== 1. prod with the legacy view ({scale})")
    fixed_sql = (project / MODEL_FILE).read_text()
    (project / MODEL_FILE).write_text((project / LEGACY_FILE).read_text())
    context = open_context(warehouse, project)
    # The legacy view predates the project's unit tests and lint rules: build it as it was.
    context.plan("prod", auto_apply=True, no_prompts=True, skip_tests=True, skip_linter=True)
    close_context(context)

    print("\n== 2. the fix, planned in dev")
    (project / MODEL_FILE).write_text(fixed_sql)
    context = open_context(warehouse, project)
    plan = context.plan("dev", no_prompts=True, auto_apply=False)
    for snapshot in plan.new_snapshots:
        if snapshot.snapshot_id not in plan.directly_modified:
            continue  # the models that read it are listed below, as indirectly modified
        category = snapshot.change_category.name if snapshot.change_category else "uncategorized"
        name = snapshot.name.replace('"', "").split(".", 1)[-1]
        result.changed_models.append((name, category))
        print(f"   directly modified: {name} ({category.lower()})")
    downstream = {s.name for ids in plan.indirectly_modified.values() for s in ids}
    for name in sorted(downstream):
        print(f"   indirectly modified: {name}")
    backfill = sum(len(i.intervals) for i in plan.missing_intervals)
    print(f"   dev backfill: {backfill} interval(s) of the changed model, upstream reused")
    context.apply(plan)

    print("\n== 3. table_diff prod:dev")
    diffs = context.table_diff(
        "prod", "dev", on=GRAIN, select_models=[MODEL], show=False, decimals=6
    )
    row_diff = diffs[0].row_diff()
    result.diff_source_rows = row_diff.source_count
    result.diff_target_rows = row_diff.target_count
    result.diff_differences = (
        row_diff.s_only_count + row_diff.t_only_count + row_diff.partial_match_count
    )
    print(
        f"   prod rows {row_diff.source_count:,}, dev rows {row_diff.target_count:,}, "
        f"differing rows {result.diff_differences:,}"
    )
    if result.diff_differences:
        print("   first differing rows:")
        print(row_diff.sample.head(10).to_string(index=False))

    print(f"\n== 4. dashboard queries, median of {runs} runs")
    schema, table = MODEL.split(".")
    for name, template in DASHBOARD_QUERIES.items():
        legacy = _time_query(context, template.format(table=MODEL), runs)
        fixed = _time_query(context, template.format(table=f"{schema}__dev.{table}"), runs)
        result.query_medians[name] = (legacy, fixed)

    print("\n== 5. promote dev to prod")
    promotion = context.plan("prod", no_prompts=True, auto_apply=False)
    console = RecordingConsole()
    context.console = console
    started = time.perf_counter()
    context.apply(promotion)
    result.promotion_seconds = time.perf_counter() - started
    result.promotion_batches = len(console.evaluated) + sum(
        len(i.intervals) for i in promotion.missing_intervals
    )
    close_context(context)
    return result


def print_report(result: ScenarioResult, scale: str) -> None:
    print(f"\nSlow-view scenario at scale '{scale}'")
    print("Changed models: " + ", ".join(f"{n} ({c})" for n, c in result.changed_models))
    print(
        f"table_diff prod:dev: {result.diff_source_rows:,} vs {result.diff_target_rows:,} rows, "
        f"{result.diff_differences} differing"
    )
    width = max(len(n) for n in result.query_medians)
    print(f"\n| {'query'.ljust(width)} | legacy view ms | fixed table ms | speed-up |")
    print(f"|{'-' * (width + 2)}|---------------:|---------------:|---------:|")
    for name, (legacy, fixed) in result.query_medians.items():
        ratio = legacy / fixed if fixed else float("inf")
        legacy_ms, fixed_ms = legacy * 1000, fixed * 1000
        print(f"| {name.ljust(width)} | {legacy_ms:14.1f} | {fixed_ms:14.1f} | {ratio:7.1f}x |")
    print(f"\nMedian speed-up: {result.median_speedup:.1f}x")
    print(
        f"Promotion to prod: {result.promotion_seconds:.2f} s, "
        f"model batches executed: {result.promotion_batches}"
    )
