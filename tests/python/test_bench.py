"""The benchmark runs end to end (at sample scale, as a smoke test), its baseline script builds
exactly the tables SQLMesh builds, and the report holds every figure."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from dogdb_analytics.bench.baseline import differing_tables
from dogdb_analytics.bench.load_timing import time_load
from dogdb_analytics.bench.report import render_report, table_rows
from dogdb_analytics.bench.scale_benchmark import ScaleResult, benchmark_scale
from dogdb_analytics.generate import generate_sources
from dogdb_analytics.generate.ddl import app_tables

# One worker runs all of this module, so its session fixture is built once.
pytestmark = pytest.mark.xdist_group("bench")


@pytest.fixture(scope="session")
def sample_benchmark(tmp_path_factory: pytest.TempPathFactory) -> tuple[ScaleResult, Path]:
    workdir = tmp_path_factory.mktemp("bench")
    result = benchmark_scale("sample", workdir, runs=1, log=lambda _: None, api_seconds=2.0)
    return result, workdir


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
        "metrics API, 20 clients: p50 / p95",
        "warehouse file after build",
    ):
        assert rows[figure]
    assert rows["dev plan rebuilt only the mart + downstream"].startswith("yes")
    assert result.median("build") > result.median("promote") > 0
    report = render_report([result])
    assert "| sample |" in report or "| figure | sample |" in report
    assert len(result.queries) == 6
    assert all(median <= p95 for median, p95 in result.queries.values())
    # the metrics API answered its mixed queries alone and under 20 clients, without an error
    assert set(result.api) == {1, 20}
    for api in result.api.values():
        assert api["requests"] > 0 and api["errors"] == 0 and api["p50_ms"] <= api["p95_ms"]


def test_load_timing_loads_every_app_row_and_is_reported(tmp_path: Path) -> None:
    """`dogdb bench --load`'s step at sample: the full load moves every row the generator wrote
    into the app (counted here on a separately generated extract), the day's load far fewer."""
    extract = tmp_path / "extract" / "dogdb.duckdb"
    extract.parent.mkdir()
    generate_sources(extract, scale="sample")
    with duckdb.connect(str(extract), read_only=True) as connection:
        generated = sum(
            connection.execute(f"SELECT COUNT(*) FROM raw.{table}").fetchone()[0]
            for table in app_tables()
        )
    timing = time_load("sample")
    assert timing["app"] == "sqlite" and timing["full_load_rows"] == generated
    assert 0 < timing["one_day_load_rows"] < generated
    assert timing["full_load_s"] > 0 and timing["one_day_load_s"] > 0
    report = render_report([], loads=[timing])
    assert "## Load from the app database" in report
    assert f"| sample | sqlite | {timing['generate_into_app_s']} |" in report
    assert "--load sample --load-apps sqlite" in report
