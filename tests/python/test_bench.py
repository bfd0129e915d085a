"""The benchmark runs end to end (at sample scale, as a smoke test), its baseline script builds
exactly the tables SQLMesh builds, and the report holds every figure."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from dogdb_analytics.bench.baseline import differing_tables
from dogdb_analytics.bench.report import render_report, table_rows
from dogdb_analytics.bench.scale_benchmark import ScaleResult, benchmark_scale


@pytest.fixture(scope="module")
def sample_benchmark(tmp_path_factory: pytest.TempPathFactory) -> tuple[ScaleResult, Path]:
    workdir = tmp_path_factory.mktemp("bench")
    return benchmark_scale("sample", workdir, runs=1, log=lambda _: None), workdir


def test_baseline_builds_the_same_tables_as_sqlmesh(
    sample_benchmark: tuple[ScaleResult, Path],
) -> None:
    result, workdir = sample_benchmark
    baseline = workdir / "sample" / "baseline" / "dogdb.duckdb"
    built = workdir / "sample" / "build" / "dogdb.duckdb"
    assert differing_tables(baseline, built) == {}

    # the comparison sees a difference: drop one billing line from a copy of the baseline
    tampered = workdir / "tampered" / "dogdb.duckdb"
    tampered.parent.mkdir()
    shutil.copyfile(baseline, tampered)
    with duckdb.connect(str(tampered)) as connection:
        connection.execute(
            "DELETE FROM marts.mart_billing_lines "
            "WHERE rowid = (SELECT MIN(rowid) FROM marts.mart_billing_lines)"
        )
    assert differing_tables(tampered, built) == {"marts.mart_billing_lines": 1}
    assert result.skipped_in_baseline == [] or all(
        name.startswith("forecast.") for name in result.skipped_in_baseline
    )


def test_dev_plan_rebuilds_only_the_changed_mart_and_its_downstream(
    sample_benchmark: tuple[ScaleResult, Path],
) -> None:
    result, _ = sample_benchmark
    assert result.expected_dev_models == [
        "marts.mart_billing_lines",
        "marts.mart_billing_totals",
        "marts.mart_charge_variance",
        "semantic.dim_customers",
    ]
    assert result.models["plan_dev"] == result.expected_dev_models
    assert result.batches["promote"] == 0  # promotion swaps views, it computes nothing


def test_daily_run_processes_the_new_day_not_the_history(
    sample_benchmark: tuple[ScaleResult, Path],
) -> None:
    result, _ = sample_benchmark
    assert "core.fct_interactions" in result.models["daily_run"]
    # monthly marts wait for November to close; the build already holds October
    assert "marts.mart_billing_lines" not in result.models["daily_run"]
    assert "marts.mart_mrr_monthly" not in result.models["daily_run"]
    # the run is on a Tuesday: the weekly models ran with Monday's build, not again
    assert "marts.mart_feature_access_weekly_by_account" not in result.models["daily_run"]
    assert "marts.mart_feature_churn_weekly" not in result.models["daily_run"]


def test_report_has_every_figure(sample_benchmark: tuple[ScaleResult, Path]) -> None:
    result, _ = sample_benchmark
    rows = table_rows(result)
    for figure in (
        "source generation",
        "full prod build (sqlmesh plan prod)",
        "full build peak memory",
        "SQLMesh build / baseline",
        "daily sqlmesh run (one new day)",
        "one-mart dev plan",
        "promotion to prod",
        "dashboard queries: median / worst p95",
        "warehouse file after build",
    ):
        assert rows[figure]
    assert rows["dev plan rebuilt only the mart + downstream"].startswith("yes")
    assert result.median("build") > result.median("promote") > 0
    report = render_report([result])
    assert "| sample |" in report or "| figure | sample |" in report
    assert len(result.queries) == 6
    assert all(median <= p95 for median, p95 in result.queries.values())
