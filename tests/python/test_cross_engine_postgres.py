"""The project on a real PostgreSQL server (started here, installed from Debian's packages when
missing) gives exactly DuckDB's numbers at `sample` and `small`, and the check catches a change
of a single row."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg2
import pytest

from dogdb_analytics.engines.cross_engine import check_postgres, prepare_duckdb, project_models
from dogdb_analytics.engines.cross_engine_check import (
    CheckedModel,
    EnginesDisagree,
    Fetch,
    assert_engines_agree,
    compare_engines,
)
from dogdb_analytics.engines.gateway_build import CROSS_CHECK_SALT, build_prod
from dogdb_analytics.engines.load_raw import load_raw_into_postgres
from dogdb_analytics.engines.postgres_server import postgres_environment, running_postgres
from dogdb_analytics.engines.readers import duckdb_fetch, postgres_fetch
from dogdb_analytics.semantic.definitions import default_catalog
from dogdb_analytics.semantic.metrics import MetricQuery, build_sql

# May apt-get install a Debian package: every such test runs on one xdist worker (README).
pytestmark = pytest.mark.xdist_group("system_packages")


@pytest.fixture(scope="module")
def models(project_root: Path) -> list[CheckedModel]:
    return project_models(project_root)


@pytest.fixture(scope="module")
def sample_on_both(
    tmp_path_factory: pytest.TempPathFactory, project_root: Path
) -> Iterator[tuple[Path, psycopg2.extensions.connection]]:
    """`sample` built on DuckDB and on a running PostgreSQL server (kept up for the tests)."""
    work_dir = tmp_path_factory.mktemp("postgres_sample")
    warehouse, _ = prepare_duckdb("sample", work_dir, project_root, run_audits=False)
    with running_postgres() as server:
        connection = server.connect()
        load_raw_into_postgres(warehouse, connection, work_dir / "raw_csv")
        with postgres_environment(server, CROSS_CHECK_SALT):
            build_prod("postgres", project_root, run_audits=False)
        yield warehouse, connection
        connection.close()


def test_sample_agrees_row_for_row(
    sample_on_both: tuple[Path, psycopg2.extensions.connection], models: list[CheckedModel]
) -> None:
    warehouse, connection = sample_on_both
    with duckdb_fetch(warehouse) as left, postgres_fetch(connection) as right:
        comparisons = compare_engines(models, ("duckdb", left), ("postgres", right))
    assert_engines_agree(comparisons, "duckdb", "postgres")
    rows = {c.model: c.right_rows for c in comparisons}
    assert len(rows) == 47  # every model of core, marts, reporting, semantic and quality
    assert rows["marts.mart_mrr_summary_monthly"] == 94
    assert rows["marts.mart_billing_lines"] == 176
    assert rows["marts.mart_top_developer_accounts_monthly"] == 82
    assert rows["core.fct_interactions"] == 4
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ending_mrr FROM marts.mart_mrr_summary_monthly "
            "WHERE mrr_month = DATE '2026-10-01'"
        )
        assert float(cursor.fetchone()[0]) == 550.0
    connection.rollback()


def test_one_changed_row_fails_naming_the_model(
    sample_on_both: tuple[Path, psycopg2.extensions.connection], models: list[CheckedModel]
) -> None:
    """A cent more on one billing line in PostgreSQL (uncommitted, rolled back afterwards)."""
    warehouse, connection = sample_on_both
    billing = [m for m in models if m.name == "marts.mart_billing_lines"]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE marts.mart_billing_lines SET billed_amount = billed_amount + 0.01 "
            "WHERE (billing_month, account_id) IN (SELECT billing_month, account_id "
            "FROM marts.mart_billing_lines ORDER BY billing_month, account_id LIMIT 1)"
        )
        assert cursor.rowcount == 1
    try:
        with duckdb_fetch(warehouse) as left:
            comparisons = compare_engines(
                billing, ("duckdb", left), ("postgres", _same_transaction(connection))
            )
        with pytest.raises(EnginesDisagree, match=r"disagree on marts\.mart_billing_lines\n"):
            assert_engines_agree(comparisons, "duckdb", "postgres")
        (comparison,) = comparisons
        assert len(comparison.differences) == 1
        assert "in billed_amount" in comparison.differences[0]
    finally:
        connection.rollback()


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, (int, float, Decimal)) or isinstance(right, (int, float, Decimal)):
        if left is None or right is None:
            return left is None and right is None
        return abs(float(left) - float(right)) <= 1e-9 * max(1.0, abs(float(left)))
    return left == right


def test_every_metric_sql_runs_on_postgres_with_duckdbs_numbers(
    sample_on_both: tuple[Path, psycopg2.extensions.connection],
) -> None:
    """`dogdb metrics query <metric> --sql --dialect postgres` for every metric, at its finest
    grain and over the whole history, on the PostgreSQL build: the same rows as on DuckDB."""
    warehouse, connection = sample_on_both
    checked = 0
    with duckdb_fetch(warehouse) as left, postgres_fetch(connection) as right:
        for name, metric in default_catalog().metrics.items():
            grains = ((metric.grains[0],),) if metric.grains else ((),)
            for by in grains if metric.needs_grain else (*grains, ()):
                query = MetricQuery((name,), by=by)
                duck = left(build_sql(query, "duckdb"))
                pg = right(build_sql(query, "postgres"))
                assert len(duck) == len(pg), (name, by)
                for duck_row, pg_row in zip(duck, pg, strict=True):
                    assert all(map(_same, duck_row, pg_row)), (name, by, duck_row, pg_row)
                checked += 1
    metrics = default_catalog().metrics.values()
    assert checked == sum(1 if m.needs_grain else 2 for m in metrics)


def _same_transaction(connection: psycopg2.extensions.connection) -> Fetch:
    """Reads in the connection's open transaction, so the uncommitted change is seen."""

    def fetch(sql: str) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    return fetch


def test_small_agrees_row_for_row(
    tmp_path_factory: pytest.TempPathFactory, project_root: Path, models: list[CheckedModel]
) -> None:
    result = check_postgres(
        "small", tmp_path_factory.mktemp("postgres_small"), models, project_root, run_audits=False
    )
    assert_engines_agree(result.comparisons, "duckdb", "postgres")
    rows = {c.model: c.right_rows for c in result.comparisons}
    assert rows["core.fct_interactions"] == 40_992
    assert rows["marts.mart_billing_lines"] == 33_305
    # Built as of 2026-11-01 00:00: the last complete ISO week starts 2026-10-19 (~2,000 accounts
    # a week), so the count is the same on whatever date the test runs.
    assert rows["marts.mart_feature_access_weekly_by_account"] == 274_355
    assert rows["semantic.dim_customers"] == 2_003
