"""The semantic layer at `small`: every metric at every grain it allows equals SQL written here on
the marts (three periods each), stocks over a range take its last period, ratios come from their
parts, bad requests are refused before any SQL, and the catalog page is current."""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dogdb_analytics import cli
from dogdb_analytics.semantic.catalog_doc import CATALOG_PAGE, catalog_markdown
from dogdb_analytics.semantic.definitions import DefinitionError, default_catalog, load_catalog
from dogdb_analytics.semantic.metrics import (
    MetricQuery,
    MetricQueryError,
    build_sql,
    query_metrics,
)

# Customers: accounts that are not internal/test accounts (the flag of core.dim_accounts).
C = "account_id NOT IN (SELECT account_id FROM core.dim_accounts WHERE is_internal_account)"
IN_PERIOD = "BETWEEN {start} AND {end}"
# Stocks are read at {last}: the last month of the period present in marts.mart_mrr_monthly.
MRR_AT_LAST = f"FROM marts.mart_mrr_monthly WHERE mrr_month = {{last}} AND {C}"
MRR_IN_PERIOD = f"FROM marts.mart_mrr_monthly WHERE mrr_month {IN_PERIOD} AND {C}"
SUPPORT = f"FROM marts.mart_support_interactions_monthly WHERE month_start {IN_PERIOD}"
RESOLVED = f"FROM core.fct_interactions WHERE created_date {IN_PERIOD}"
ACTIVE = f"""SELECT COUNT(*) FROM marts.mart_mrr_monthly AS m
  WHERE m.mrr_month = {{last}} AND m.{C} AND (
    EXISTS (SELECT 1 FROM core.dim_licenses AS l WHERE l.account_id = m.account_id
            AND l.active_from < {{last}} + INTERVAL 1 MONTH
            AND (l.active_to IS NULL OR l.active_to >= {{last}} + INTERVAL 1 MONTH))
    OR EXISTS (SELECT 1 FROM core.fct_feature_usage_daily AS u WHERE u.account_id = m.account_id
            AND u.usage_date >= {{last}} + INTERVAL 1 MONTH - INTERVAL 30 DAY
            AND u.usage_date < {{last}} + INTERVAL 1 MONTH))"""

# Metric -> SQL on the marts for one period: {start} and {end} (its first and last day), {last}.
MONTHLY = {
    "mrr": f"SELECT SUM(mrr) {MRR_AT_LAST}",
    "arr": f"SELECT 12 * SUM(mrr) {MRR_AT_LAST}",
    "new_mrr": f"SELECT SUM(CASE WHEN mrr_movement = 'new' THEN mrr_change ELSE 0 END) {MRR_IN_PERIOD}",
    "expansion_mrr": "SELECT SUM(CASE WHEN mrr_movement = 'expansion' THEN mrr_change ELSE 0 END) "
    + MRR_IN_PERIOD,
    "reactivation_mrr": "SELECT SUM(CASE WHEN mrr_movement = 'reactivation' THEN mrr_change "
    f"ELSE 0 END) {MRR_IN_PERIOD}",
    "contraction_mrr": "SELECT -SUM(CASE WHEN mrr_movement = 'contraction' THEN mrr_change "
    f"ELSE 0 END) {MRR_IN_PERIOD}",
    "churned_mrr": f"SELECT -SUM(CASE WHEN mrr_movement = 'churn' THEN mrr_change ELSE 0 END) "
    f"{MRR_IN_PERIOD}",
    "net_new_mrr": f"SELECT SUM(mrr_change) {MRR_IN_PERIOD}",
    "arpa": f"SELECT SUM(mrr) / COUNT(CASE WHEN mrr > 0 THEN 1 END) {MRR_AT_LAST}",
    "customers": f"SELECT COUNT(*) {MRR_AT_LAST}",
    "paying_customers": f"SELECT COUNT(*) {MRR_AT_LAST} AND mrr > 0",
    "active_customers": ACTIVE,
    "new_customers": "SELECT COUNT(DISTINCT account_id) FROM core.dim_accounts WHERE NOT "
    "is_internal_account AND NOT is_inferred_member AND CAST(account_created_at AS DATE) "
    + IN_PERIOD,
    "churned_customers": f"SELECT COUNT(DISTINCT account_id) {MRR_IN_PERIOD} "
    "AND mrr_movement = 'churn'",
    "billed_amount": f"SELECT SUM(billed_amount) FROM marts.mart_billing_lines WHERE billing_month {IN_PERIOD}",
    "billed_card": "SELECT SUM(billed_amount) FROM marts.mart_billing_lines WHERE "
    f"payment_method = 'card' AND billing_month {IN_PERIOD}",
    "billed_invoice": "SELECT SUM(billed_amount) FROM marts.mart_billing_lines WHERE "
    f"payment_method = 'invoice' AND billing_month {IN_PERIOD}",
    "billed_accounts": "SELECT COUNT(DISTINCT account_id) FROM marts.mart_billing_lines WHERE "
    f"billing_month {IN_PERIOD}",
    "expected_amount": "SELECT SUM(expected_amount) FROM marts.mart_expected_charges "
    f"WHERE charge_month {IN_PERIOD}",
    "expected_accounts": "SELECT COUNT(DISTINCT account_id) FROM marts.mart_expected_charges "
    f"WHERE charge_month {IN_PERIOD}",
    "billing_variance": f"""SELECT
        (SELECT SUM(billed_amount) FROM marts.mart_billing_lines WHERE billing_month {IN_PERIOD})
      - (SELECT SUM(expected_amount) FROM marts.mart_expected_charges
         WHERE charge_month {IN_PERIOD})""",
    "interactions": f"SELECT SUM(interactions) {SUPPORT}",
    "resolved_interactions": f"SELECT SUM(resolved_interactions) {SUPPORT}",
    "resolution_rate": f"SELECT SUM(resolved_interactions) / SUM(interactions) {SUPPORT}",
    "median_resolution_hours": f"SELECT MEDIAN(hours_to_completion) {RESOLVED} "
    "AND status = 'resolved'",
    "open_at_month_end": f"SELECT SUM(open_at_month_end) {SUPPORT}",
    "accounts_with_interactions": f"SELECT COUNT(DISTINCT account_id) {SUPPORT}",
    "interactions_per_account": f"SELECT SUM(interactions) / COUNT(DISTINCT account_id) {SUPPORT}",
    "top_10_interactions": f"SELECT SUM(interactions) {SUPPORT} AND is_top_10",
    "top_10_share": f"SELECT SUM(CASE WHEN is_top_10 THEN interactions ELSE 0 END) / "
    f"SUM(interactions) {SUPPORT}",
    "interactions_per_paying_customer": f"""SELECT (SELECT SUM(interactions) {SUPPORT})
        / (SELECT COUNT(*) {MRR_AT_LAST} AND mrr > 0)""",
    "feature_adopters": "SELECT COUNT(DISTINCT account_id) FROM core.fct_feature_usage_daily "
    f"WHERE usage_date {IN_PERIOD} AND {C} "
    "AND account_id IN (SELECT account_id FROM marts.mart_mrr_monthly)",
    "usage_events": "SELECT SUM(all_events) FROM (SELECT DISTINCT usage_month, all_events "
    f"FROM marts.mart_unpaid_usage_monthly WHERE usage_month {IN_PERIOD})",
    "unpaid_usage_events": "SELECT SUM(unpaid_events) FROM marts.mart_unpaid_usage_monthly "
    f"WHERE usage_month {IN_PERIOD}",
    "unpaid_rate": f"""SELECT CAST(SUM(unpaid_events) AS DOUBLE) / (
        SELECT SUM(all_events) FROM (SELECT DISTINCT usage_month, all_events
          FROM marts.mart_unpaid_usage_monthly WHERE usage_month {IN_PERIOD}))
      FROM marts.mart_unpaid_usage_monthly WHERE usage_month {IN_PERIOD}""",
}
# Month-only metrics (a quarter has no meaningful "starting" value or retention from monthly rows).
MONTH_ONLY = {
    "starting_mrr": f"SELECT SUM(previous_mrr) {MRR_IN_PERIOD}",
    "retained_mrr": f"SELECT SUM(CASE WHEN previous_mrr > 0 THEN mrr ELSE 0 END) {MRR_IN_PERIOD}",
    "gross_retained_mrr": "SELECT SUM(CASE WHEN previous_mrr > 0 THEN LEAST(mrr, previous_mrr) "
    f"ELSE 0 END) {MRR_IN_PERIOD}",
    "net_revenue_retention": "SELECT SUM(CASE WHEN previous_mrr > 0 THEN mrr ELSE 0 END) / "
    f"SUM(previous_mrr) {MRR_IN_PERIOD}",
    "gross_revenue_retention": "SELECT SUM(CASE WHEN previous_mrr > 0 THEN LEAST(mrr, "
    f"previous_mrr) ELSE 0 END) / SUM(previous_mrr) {MRR_IN_PERIOD}",
    "starting_paying_customers": f"SELECT COUNT(*) {MRR_IN_PERIOD} AND previous_mrr > 0",
    "logo_churn_rate": "SELECT COUNT(CASE WHEN mrr_movement = 'churn' THEN 1 END) / "
    f"COUNT(CASE WHEN previous_mrr > 0 THEN 1 END) {MRR_IN_PERIOD}",
}
# Day and week: from the facts the marts are built on.
DAILY = {
    "interactions": f"SELECT COUNT(*) {RESOLVED}",
    "resolved_interactions": f"SELECT COUNT(*) {RESOLVED} AND status = 'resolved'",
    "resolution_rate": f"SELECT AVG(CASE WHEN status = 'resolved' THEN 1.0 ELSE 0 END) {RESOLVED}",
    "median_resolution_hours": MONTHLY["median_resolution_hours"],
    "accounts_with_interactions": f"SELECT COUNT(DISTINCT account_id) {RESOLVED}",
    "interactions_per_account": f"SELECT COUNT(*) / COUNT(DISTINCT account_id) {RESOLVED}",
    "usage_events": "SELECT SUM(event_count) FROM core.fct_feature_usage_daily WHERE usage_date "
    + IN_PERIOD,
    "unpaid_usage_events": "SELECT COUNT(*) FROM marts.mart_unpaid_feature_usage WHERE "
    f"usage_date {IN_PERIOD}",
    "unpaid_rate": f"""SELECT CAST(COUNT(*) AS DOUBLE) / (SELECT SUM(event_count)
        FROM core.fct_feature_usage_daily WHERE usage_date {IN_PERIOD})
      FROM marts.mart_unpaid_feature_usage WHERE usage_date {IN_PERIOD}""",
}
WEEKLY = {
    **DAILY,
    "churned_account_features": "SELECT SUM(churned_accounts) FROM marts.mart_feature_churn_weekly "
    f"WHERE week_start {IN_PERIOD}",
    "lost_access_account_features": "SELECT SUM(lost_access_accounts) FROM "
    f"marts.mart_feature_churn_weekly WHERE week_start {IN_PERIOD}",
    "reactivated_account_features": "SELECT SUM(reactivated_accounts) FROM "
    f"marts.mart_feature_churn_weekly WHERE week_start {IN_PERIOD}",
}
# Three periods per grain (first day); the small extract ends on 2026-10-31, so 2026-Q4 and 2026
# hold October as their last month.
PERIODS = {
    "day": [date(2025, 3, 3), date(2026, 10, 6), date(2026, 10, 31)],
    "week": [date(2025, 12, 29), date(2026, 9, 28), date(2026, 10, 19)],
    "month": [date(2025, 6, 1), date(2026, 3, 1), date(2026, 10, 1)],
    "quarter": [date(2025, 7, 1), date(2026, 1, 1), date(2026, 10, 1)],
    "year": [date(2024, 1, 1), date(2025, 1, 1), date(2026, 1, 1)],
}
EXPECTED = {
    "day": DAILY,
    "week": WEEKLY,
    "month": {**MONTHLY, **MONTH_ONLY},
    "quarter": MONTHLY,
    "year": MONTHLY,
}
SNAPSHOT_METRICS = {
    "suspicious_customers": "SELECT COUNT(*) FROM semantic.dim_customers WHERE is_customer "
    "AND is_suspicious",
    "customers_with_feature_access": "SELECT COUNT(*) FROM marts.mart_feature_usage_intensity",
    "adopting_customers": "SELECT COUNT(*) FROM marts.mart_feature_usage_intensity "
    "WHERE events_12w > 0",
    "adoption_rate": "SELECT AVG(CASE WHEN events_12w > 0 THEN 1.0 ELSE 0 END) "
    "FROM marts.mart_feature_usage_intensity",
}


def _end(start: date, grain: str) -> date:
    if grain == "day":
        return start
    if grain == "week":
        return start + timedelta(days=6)
    months = {"month": 1, "quarter": 3, "year": 12}[grain]
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _close(a: object, b: object) -> bool:
    if a is None or b is None or pd.isna(a) or pd.isna(b):
        return (a is None or pd.isna(a)) and (b is None or pd.isna(b))
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _expected(connection: duckdb.DuckDBPyConnection, sql: str, start: date, end: date) -> object:
    last = connection.execute(
        "SELECT MAX(mrr_month) FROM marts.mart_mrr_monthly WHERE mrr_month BETWEEN ? AND ?",
        [start, end],
    ).fetchone()[0]
    text = sql.format(start=f"DATE '{start}'", end=f"DATE '{end}'", last=f"DATE '{last}'")
    return connection.execute(text).fetchone()[0]


def test_every_grain_a_metric_allows_is_tested() -> None:
    """The expectations cover every metric at every grain its definition allows."""
    catalog = default_catalog()
    for name, metric in catalog.metrics.items():
        for grain in metric.grains:
            assert name in EXPECTED[grain], (name, grain)
        if not metric.grains:
            assert name in SNAPSHOT_METRICS, name
    for grain, expectations in EXPECTED.items():
        for name in expectations:
            assert grain in catalog.metrics[name].grains, (name, grain)


@pytest.mark.parametrize("grain", list(PERIODS))
def test_every_metric_at_every_grain_equals_sql_on_the_marts(
    published_small_snapshot: Path, grain: str
) -> None:
    names = tuple(EXPECTED[grain])
    first, last = PERIODS[grain][0], _end(PERIODS[grain][-1], grain)
    answer = query_metrics(
        MetricQuery(names, by=(grain,), since=str(first), until=str(last)),
        published_small_snapshot,
    )
    rows = {row[grain]: row for _, row in answer.frame.iterrows()}
    with duckdb.connect(str(published_small_snapshot), read_only=True) as connection:
        for start in PERIODS[grain]:
            assert start in rows, (grain, start)
            for name, sql in EXPECTED[grain].items():
                expected = _expected(connection, sql, start, _end(start, grain))
                assert expected is not None or name == "median_resolution_hours", (name, start)
                assert _close(rows[start][name], expected), (
                    grain,
                    start,
                    name,
                    rows[start][name],
                    expected,
                )


def test_snapshot_metrics_equal_sql_on_the_marts(published_small_snapshot: Path) -> None:
    answer = query_metrics(MetricQuery(tuple(SNAPSHOT_METRICS)), published_small_snapshot)
    row = answer.frame.iloc[0]
    with duckdb.connect(str(published_small_snapshot), read_only=True) as connection:
        for name, sql in SNAPSHOT_METRICS.items():
            assert _close(row[name], connection.execute(sql).fetchone()[0]), name


STOCKS = ("mrr", "arr", "customers", "paying_customers", "active_customers", "arpa")


def test_stocks_over_a_range_take_its_last_period(published_small_snapshot: Path) -> None:
    over_range = query_metrics(
        MetricQuery(STOCKS, since="2026-04", until="2026-09"), published_small_snapshot
    ).frame.iloc[0]
    september = query_metrics(
        MetricQuery(STOCKS, by=("month",), since="2026-09", until="2026-09"),
        published_small_snapshot,
    ).frame.iloc[0]
    with duckdb.connect(str(published_small_snapshot), read_only=True) as connection:
        mrr = _expected(connection, MONTHLY["mrr"], date(2026, 9, 1), date(2026, 9, 30))
        summed = connection.execute(
            f"SELECT SUM(mrr) FROM marts.mart_mrr_monthly WHERE mrr_month BETWEEN "
            f"DATE '2026-04-01' AND DATE '2026-09-01' AND {C}"
        ).fetchone()[0]
    assert _close(over_range["mrr"], mrr) and not _close(over_range["mrr"], summed)
    for name in STOCKS:
        assert _close(over_range[name], september[name]), name


def test_mrr_by_plan_over_a_range_past_the_data_is_its_last_month(
    published_small_snapshot: Path,
) -> None:
    """2026-09..2026-11 at small: the extract ends 2026-10-31, so the last month is October."""
    answer = query_metrics(
        MetricQuery(("mrr", "paying_customers"), by=("plan",), since="2026-09", until="2026-11"),
        published_small_snapshot,
    )
    with duckdb.connect(str(published_small_snapshot), read_only=True) as connection:
        last = connection.execute("SELECT MAX(mrr_month) FROM marts.mart_mrr_monthly").fetchone()
        assert last[0] == date(2026, 10, 1)
        expected = connection.execute(
            f"SELECT pricing_plan, SUM(mrr), COUNT(CASE WHEN mrr > 0 THEN 1 END) "
            f"FROM marts.mart_mrr_monthly WHERE mrr_month = DATE '2026-10-01' AND {C} "
            "GROUP BY pricing_plan"
        ).fetchall()
    got = {r.plan: (r.mrr, r.paying_customers) for r in answer.frame.itertuples()}
    assert {plan: (float(m), int(p)) for plan, m, p in expected} == {
        plan: (float(m), int(p)) for plan, (m, p) in got.items()
    }
    assert got["Enterprise"][0] == 500 * got["Enterprise"][1]


def test_a_ratio_at_quarter_grain_is_the_ratio_of_its_parts(published_small_snapshot: Path) -> None:
    names = ("resolution_rate", "resolved_interactions", "interactions")
    quarter = query_metrics(
        MetricQuery(names, by=("quarter",), since="2026-01", until="2026-03"),
        published_small_snapshot,
    ).frame.iloc[0]
    months = query_metrics(
        MetricQuery(names, by=("month",), since="2026-01", until="2026-03"),
        published_small_snapshot,
    ).frame
    parts = months["resolved_interactions"].sum() / months["interactions"].sum()
    assert _close(quarter["resolution_rate"], parts)
    assert not _close(quarter["resolution_rate"], months["resolution_rate"].mean())


def test_dimensions_and_filters_reach_every_source(published_small_snapshot: Path) -> None:
    answer = query_metrics(
        MetricQuery(
            ("mrr", "interactions", "interactions_per_paying_customer"),
            by=("month", "plan"),
            filters={"plan": ["Enterprise"]},
            since="2026-01",
        ),
        published_small_snapshot,
    )
    frame = answer.frame
    assert set(frame["plan"]) == {"Enterprise"} and len(frame) == 10
    with duckdb.connect(str(published_small_snapshot), read_only=True) as connection:
        expected = connection.execute(
            "SELECT COUNT(*) FROM core.fct_interactions WHERE pricing_plan_at_creation = "
            "'Enterprise' AND created_month >= DATE '2026-01-01'"
        ).fetchone()[0]
    assert int(frame["interactions"].sum()) == expected


def test_period_over_period(published_small_snapshot: Path) -> None:
    frame = query_metrics(
        MetricQuery(("mrr",), by=("month",), since="2026-07", until="2026-10", compare=True),
        published_small_snapshot,
    ).frame
    assert pd.isna(frame["mrr_previous"].iloc[0])
    for before, after in zip(frame.itertuples(), frame.iloc[1:].itertuples(), strict=False):
        assert _close(after.mrr_previous, before.mrr)
        assert _close(after.mrr_change, after.mrr - before.mrr)


BAD = [
    (MetricQuery(("revenue",)), "Valid metrics: accounts_with_interactions, active_customers"),
    (MetricQuery(("mrr",), by=("region",)), "can be cut by: plan, segment"),
    (MetricQuery(("mrr",), by=("channel",)), "It can be cut by: plan, segment"),
    (MetricQuery(("mrr",), by=("week",)), "Its time grains: month, quarter, year"),
    (MetricQuery(("mrr",), by=("month", "year")), "At most one time grain"),
    (MetricQuery(("mrr",), filters={"country": ["FR"]}), "Unknown filter dimension 'country'"),
    (MetricQuery(("mrr",), filters={"plan": [5]}), "takes text values"),
    (MetricQuery(("interactions",), filters={"top_10": ["maybe"]}), "takes true or false"),
    (MetricQuery(("mrr",), where="country = 'FR'"), "Unknown dimension 'country'"),
    (MetricQuery(("mrr",), where="plan = 5"), "quoted text value"),
    (MetricQuery(("mrr",), where="plan = (SELECT 1)"), "may only compare"),
    (MetricQuery(("mrr",), where="plan = 'x'; DROP TABLE raw.customer_accounts"), "not SQL"),
    (MetricQuery(("mrr",), where="lower(plan) = 'free'"), "may only compare"),
    (MetricQuery(("mrr",), since="2024-01'; DROP TABLE x; --"), "YYYY-MM"),
    (MetricQuery(("mrr",), since="2026-09", until="2026-03"), "ends (2026-03-31) before"),
    (MetricQuery(("adoption_rate",), since="2026-09"), "no time range applies"),
    (MetricQuery(("mrr",), compare=True), "needs a time grain"),
    (MetricQuery(("net_revenue_retention",), since="2026-01"), "defined per period"),
]


@pytest.mark.parametrize(("query", "message"), BAD)
def test_bad_requests_are_refused_before_any_sql(
    query: MetricQuery, message: str, tmp_path: Path
) -> None:
    # The snapshot does not exist: a request that reached SQL would fail with SnapshotMissingError.
    with pytest.raises(MetricQueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        query_metrics(query, tmp_path / "missing.duckdb")


def test_cli_refuses_with_exit_2_and_prints_other_dialects(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = str(tmp_path / "missing.duckdb")
    assert cli.main(["metrics", "query", "mrr", "--by", "region", "--snapshot", missing]) == 2
    assert "can be cut by" in capsys.readouterr().err
    assert cli.main(["metrics", "query", "mrr", "--filter", "plan", "--snapshot", missing]) == 2
    for dialect in ("postgres", "spark", "snowflake"):
        assert (
            cli.main(
                [
                    "metrics",
                    "query",
                    "median_resolution_hours",
                    "arpa",
                    "--by",
                    "quarter,plan",
                    "--sql",
                    "--dialect",
                    dialect,
                ]
            )
            == 0
        )
        sql = capsys.readouterr().out
        assert "core.dim_date" in sql and "semantic.customer_months" in sql
    assert "PERCENTILE_CONT" in build_sql(MetricQuery(("median_resolution_hours",)), "postgres")


def test_cli_reads_the_snapshot(
    published_small_snapshot: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "metrics",
        "query",
        "paying_customers",
        "--by",
        "month",
        "--since",
        "2026-10",
        "--format",
        "csv",
        "--snapshot",
        str(published_small_snapshot),
    ]
    assert cli.main(args) == 0
    captured = capsys.readouterr()
    with duckdb.connect(str(published_small_snapshot), read_only=True) as connection:
        paying = _expected(
            connection, MONTHLY["paying_customers"], date(2026, 10, 1), date(2026, 10, 31)
        )
    assert captured.out.splitlines()[1] == f"2026-10-01,{paying}"
    assert "published_at" in captured.err


def test_sidecar_and_sql_must_agree(tmp_path: Path) -> None:
    sidecar = (CATALOG_PAGE.parents[1] / "metrics" / "metrics.yaml").read_text()
    broken = tmp_path / "metrics.yaml"
    broken.write_text(
        sidecar.replace("  mrr: {kind: semi_additive", "  mrr_typo: {kind: semi_additive")
    )
    with pytest.raises(DefinitionError, match="mrr_typo"):
        load_catalog(yaml_path=broken)
    broken.write_text(
        sidecar.replace("dimensions: [plan, segment]}", "dimensions: [plan, feature]}", 1)
    )
    with pytest.raises(DefinitionError, match="has no dimension"):
        load_catalog(yaml_path=broken)


def test_metrics_catalog_is_current() -> None:
    assert CATALOG_PAGE.read_text() == catalog_markdown(default_catalog()), (
        "docs/metrics.md is stale: run `dogdb metrics catalog`"
    )
    assert cli.main(["metrics", "catalog", "--check"]) == 0
