"""The semantic layer: every metric, queried through SQLMesh's metric rewriting, equals a
hand-written computation from the marts and core facts; the CLI and the catalog behave."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dogdb_analytics import cli
from dogdb_analytics.semantic.metrics import (
    CATALOG,
    MetricQuery,
    MetricQueryError,
    build_sql,
    catalog_markdown,
    query_metrics,
)
from dogdb_analytics.warehouse import opened_context

MONTHS = [date(2025, 6, 1), date(2026, 3, 1), date(2026, 9, 1)]
# Accounts known at the end of month $m (every account, internal ones included: mart_mrr_monthly
# holds customers only).
KNOWN = (
    "(SELECT account_id FROM core.dim_accounts WHERE is_current AND NOT is_inferred_member"
    " AND account_created_at < $m + INTERVAL 1 MONTH)"
)
INTERNAL = "(SELECT DISTINCT account_id FROM core.dim_accounts WHERE is_internal_account)"
HAND_WRITTEN = {
    "mrr": "SELECT SUM(mrr) FROM marts.mart_mrr_monthly WHERE mrr_month = $m",
    "paying_customers": f"SELECT COUNT(*) FROM marts.mart_mrr_monthly WHERE mrr_month = $m "
    f"AND mrr > 0 AND account_id NOT IN {INTERNAL}",
    "active_customers": f"""
        SELECT COUNT(*) FROM marts.mart_mrr_monthly AS m
        WHERE m.mrr_month = $m AND m.account_id NOT IN {INTERNAL} AND (
          EXISTS (SELECT 1 FROM core.dim_licenses AS l WHERE l.account_id = m.account_id
                  AND l.active_from < $m + INTERVAL 1 MONTH
                  AND (l.active_to IS NULL OR l.active_to >= $m + INTERVAL 1 MONTH))
          OR EXISTS (SELECT 1 FROM core.fct_feature_usage_daily AS u WHERE u.account_id = m.account_id
                  AND u.usage_date >= $m + INTERVAL 1 MONTH - INTERVAL 30 DAY
                  AND u.usage_date < $m + INTERVAL 1 MONTH))""",
    "new_mrr": "SELECT new_mrr FROM marts.mart_mrr_summary_monthly WHERE mrr_month = $m",
    "churned_mrr": "SELECT -churned_mrr FROM marts.mart_mrr_summary_monthly WHERE mrr_month = $m",
    "net_revenue_retention": "SELECT SUM(CASE WHEN previous_mrr > 0 THEN mrr ELSE 0 END) / "
    "SUM(previous_mrr) FROM marts.mart_mrr_monthly WHERE mrr_month = $m",
    "interactions": "SELECT COUNT(*) FROM core.fct_interactions WHERE created_month = $m",
    "median_resolution_hours": "SELECT MEDIAN(hours_to_completion) FROM core.fct_interactions "
    "WHERE created_month = $m AND status = 'resolved'",
    "feature_adopters": "SELECT COUNT(DISTINCT account_id) FROM core.fct_feature_usage_daily "
    f"WHERE usage_date >= $m AND usage_date < $m + INTERVAL 1 MONTH AND account_id IN {KNOWN}",
    "unpaid_usage_events": "SELECT COUNT(*) FROM marts.mart_unpaid_feature_usage "
    f"WHERE occurred_at >= $m AND occurred_at < $m + INTERVAL 1 MONTH AND account_id IN {KNOWN}",
}


def _close(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-9)


@pytest.fixture(scope="module")
def semantic_table(built_small_warehouse: Path):  # noqa: ANN201 - a pandas DataFrame
    names = (*HAND_WRITTEN, "arr", "interactions_per_paying_customer")
    return query_metrics(MetricQuery(metrics=names, since="2025-01"), built_small_warehouse)


@pytest.mark.parametrize("month", MONTHS)
def test_every_metric_equals_a_hand_written_computation(
    built_small_warehouse: Path, semantic_table, month: date
) -> None:
    months = semantic_table["month"].map(
        lambda value: value.date() if hasattr(value, "date") else value
    )
    row = semantic_table[months == month].iloc[0]
    with duckdb.connect(str(built_small_warehouse), read_only=True) as connection:
        expected = {
            name: connection.execute(sql.replace("$m", f"DATE '{month}'")).fetchone()[0]
            for name, sql in HAND_WRITTEN.items()
        }
    for name, value in expected.items():
        assert value is not None and _close(row[name], value), (name, row[name], value)
    assert _close(row["arr"], 12 * expected["mrr"])
    assert _close(
        row["interactions_per_paying_customer"],
        expected["interactions"] / expected["paying_customers"],
    )


def test_dimension_filters_reach_every_source(built_small_warehouse: Path) -> None:
    table = query_metrics(
        MetricQuery(
            metrics=("mrr", "interactions"),
            by=("month", "plan"),
            where="plan = 'Enterprise'",
            since="2026-01",
        ),
        built_small_warehouse,
    )
    assert set(table["plan"]) == {"Enterprise"}
    assert table["month"].notna().all() and len(table) == 10
    with duckdb.connect(str(built_small_warehouse), read_only=True) as connection:
        expected = connection.execute(
            "SELECT COUNT(*) FROM core.fct_interactions WHERE pricing_plan_at_creation = "
            "'Enterprise' AND created_month >= DATE '2026-01-01'"
        ).fetchone()[0]
    assert int(table["interactions"].sum()) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (MetricQuery(metrics=("revenue",)), "Valid metrics: active_customers"),
        (MetricQuery(metrics=("mrr",), by=("region",)), "Valid dimensions: month, plan"),
        (MetricQuery(metrics=("mrr",), where="country = 'FR'"), "Unknown dimension 'country'"),
        (MetricQuery(metrics=("mrr",), where="plan = (SELECT 1)"), "may only compare"),
        (
            MetricQuery(metrics=("mrr",), where="plan = 'x'; DROP TABLE raw.customer_accounts"),
            "may only compare",
        ),
        (MetricQuery(metrics=("mrr",), since="2024-01'; DROP TABLE x; --"), "YYYY-MM"),
    ],
)
def test_bad_requests_are_refused_before_any_sql(
    built_small_warehouse: Path, query: MetricQuery, message: str
) -> None:
    with (
        opened_context(built_small_warehouse) as context,
        pytest.raises(MetricQueryError, match=message),
    ):
        build_sql(context, query)


def test_cli_prints_sql_in_other_dialects(
    built_small_warehouse: Path, capsys: pytest.CaptureFixture
) -> None:
    for dialect in ("postgres", "spark", "snowflake"):
        code = cli.main(
            [
                "metrics",
                "query",
                "mrr",
                "interactions",
                "--by",
                "month,plan",
                "--sql",
                "--dialect",
                dialect,
                "--warehouse",
                str(built_small_warehouse),
            ]
        )
        printed = capsys.readouterr().out
        assert code == 0 and "FULL" in printed and "COALESCE" in printed, dialect
    code = cli.main(
        [
            "metrics",
            "query",
            "mrr",
            "paying_customers",
            "--since",
            "2026-09",
            "--warehouse",
            str(built_small_warehouse),
        ]
    )
    assert code == 0 and "2026-10-01" in capsys.readouterr().out
    code = cli.main(["metrics", "query", "nope", "--warehouse", str(built_small_warehouse)])
    assert code == 2 and "Valid metrics" in capsys.readouterr().err


def test_metrics_catalog_is_current(built_small_warehouse: Path) -> None:
    with opened_context(built_small_warehouse) as context:
        assert CATALOG.read_text() == catalog_markdown(context), "run `dogdb metrics catalog`"
