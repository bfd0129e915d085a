"""Every SQL query of the dashboard, as a constant, and the typed function that runs it.

All queries read the published snapshot's marts (and the core/quality tables they join to).
Whatever a user picks travels as a `?` parameter: lists of filter values as one VARCHAR[]
parameter tested with list_contains, months as DATE parameters. No value is ever spliced into SQL.
The few queries that differ only by a grouping column are built here, once, from a closed set of
column names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from dogdb_analytics.dashboard.snapshot import read

# --- the snapshot itself ---------------------------------------------------------------------

PUBLISHED_AT = "SELECT MAX(published_at AT TIME ZONE 'UTC') AS published_at FROM main.publication"

TABLE_EXISTS = """
SELECT COUNT(*) AS tables
FROM information_schema.tables
WHERE table_schema = ? AND table_name = ?
"""


def published_at(snapshot: Path) -> pd.Timestamp | None:
    value = read(snapshot, PUBLISHED_AT)["published_at"].iloc[0]
    return None if pd.isna(value) else pd.Timestamp(value)


def table_exists(snapshot: Path, schema: str, table: str) -> bool:
    return int(read(snapshot, TABLE_EXISTS, [schema, table])["tables"].iloc[0]) > 0


def _values(frame: pd.DataFrame) -> list[str]:
    return [str(value) for value in frame.iloc[:, 0].tolist()]


def _dates(frame: pd.DataFrame) -> list[date]:
    return frame.iloc[:, 0].tolist()


# --- Billing ---------------------------------------------------------------------------------

BILLING_MONTHS = """
SELECT billing_month AS month FROM marts.mart_billing_totals
UNION
SELECT charge_month AS month FROM marts.mart_expected_charge_totals
ORDER BY month
"""

PAYMENT_METHODS = """
SELECT DISTINCT payment_method FROM marts.mart_billing_totals ORDER BY payment_method
"""

# Expected totals exist from the month after the first tiers; billed totals once a month ended:
# the full outer join keeps both ends (the coming month is expected but not billed yet).
BILLING_BY_MONTH = """
WITH expected AS (
  SELECT charge_month AS month, payment_method, paying_accounts, expected_amount
  FROM marts.mart_expected_charge_totals
), billed AS (
  SELECT billing_month AS month, payment_method, billed_accounts, billed_amount
  FROM marts.mart_billing_totals
), joined AS (
  SELECT
    COALESCE(e.month, b.month) AS month,
    COALESCE(e.payment_method, b.payment_method) AS payment_method,
    e.paying_accounts AS expected_accounts,
    CAST(e.expected_amount AS DOUBLE) AS expected_amount,
    b.billed_accounts,
    CAST(b.billed_amount AS DOUBLE) AS billed_amount,
    CAST(b.billed_amount - e.expected_amount AS DOUBLE) AS variance_amount
  FROM expected AS e
  FULL OUTER JOIN billed AS b
    ON b.month = e.month AND b.payment_method = e.payment_method
)
SELECT month, payment_method, expected_accounts, expected_amount, billed_accounts, billed_amount,
  variance_amount
FROM joined
WHERE month BETWEEN ? AND ? AND list_contains(CAST(? AS VARCHAR[]), payment_method)
ORDER BY month, payment_method
"""

VARIANCE_BY_REASON = """
SELECT
  variance_reason,
  COUNT(*) AS accounts,
  CAST(SUM(expected_amount) AS DOUBLE) AS expected_amount,
  CAST(SUM(billed_amount) AS DOUBLE) AS billed_amount,
  CAST(SUM(variance_amount) AS DOUBLE) AS variance_amount
FROM marts.mart_charge_variance
WHERE billing_month = ?
GROUP BY variance_reason
ORDER BY variance_amount, variance_reason
"""

BILLING_LINES = """
SELECT billing_month, account_id, pricing_plan, payment_method, monthly_price, days_in_month,
  days_on_plan, prorated_amount, CAST(billed_amount AS DOUBLE) AS billed_amount
FROM marts.mart_billing_lines
WHERE billing_month = ? AND list_contains(CAST(? AS VARCHAR[]), payment_method)
ORDER BY payment_method, account_id, pricing_plan
"""

EXPECTED_CHARGES = """
SELECT charge_month, tiers_as_of_month, account_id, pricing_plan, payment_method,
  CAST(expected_amount AS DOUBLE) AS expected_amount
FROM marts.mart_expected_charges
WHERE charge_month = ? AND list_contains(CAST(? AS VARCHAR[]), payment_method)
ORDER BY payment_method, account_id
"""


def billing_months(snapshot: Path) -> list[date]:
    return _dates(read(snapshot, BILLING_MONTHS))


def payment_methods(snapshot: Path) -> list[str]:
    return _values(read(snapshot, PAYMENT_METHODS))


def billing_by_month(
    snapshot: Path, first: date, last: date, methods: Sequence[str]
) -> pd.DataFrame:
    return read(snapshot, BILLING_BY_MONTH, [first, last, list(methods)])


def variance_by_reason(snapshot: Path, month: date) -> pd.DataFrame:
    return read(snapshot, VARIANCE_BY_REASON, [month])


def billing_lines(snapshot: Path, month: date, methods: Sequence[str]) -> pd.DataFrame:
    return read(snapshot, BILLING_LINES, [month, list(methods)])


def expected_charges(snapshot: Path, month: date, methods: Sequence[str]) -> pd.DataFrame:
    return read(snapshot, EXPECTED_CHARGES, [month, list(methods)])


# --- Customer service ------------------------------------------------------------------------

SUPPORT_MONTHS = """
SELECT DISTINCT month_start FROM marts.mart_support_interactions_monthly ORDER BY month_start
"""

# Filter options, each from the data.
SUPPORT_OPTIONS = {
    dimension: (
        f"SELECT DISTINCT {column} AS value FROM marts.mart_support_interactions_monthly "
        f"WHERE {column} IS NOT NULL ORDER BY value"
    )
    for dimension, column in {
        "channel": "channel",
        "category": "category",
        "rep": "service_rep_name",
        "status": "status",
    }.items()
}

SUPPORT_FILTER = """
month_start BETWEEN ? AND ?
  AND list_contains(CAST(? AS VARCHAR[]), channel)
  AND list_contains(CAST(? AS VARCHAR[]), category)
  AND list_contains(CAST(? AS VARCHAR[]), service_rep_name)
  AND list_contains(CAST(? AS VARCHAR[]), status)
"""

# The top 10 of each month (every one of them, with 0 when no interaction matches the filters).
TOP_10_MONTHLY = f"""
WITH top_accounts AS (
  SELECT month_start, developer_rank, account_id, active_developer_licenses, is_orphan_account
  FROM marts.mart_top_developer_accounts_monthly
  WHERE month_start BETWEEN ? AND ?
), matching AS (
  SELECT
    month_start,
    account_id,
    SUM(interactions) AS interactions,
    SUM(resolved_interactions) AS resolved_interactions,
    SUM(open_at_month_end) AS open_at_month_end
  FROM marts.mart_support_interactions_monthly
  WHERE is_top_10 AND {SUPPORT_FILTER}
  GROUP BY month_start, account_id
)
SELECT
  t.month_start,
  t.developer_rank,
  t.account_id,
  t.active_developer_licenses,
  t.is_orphan_account,
  CAST(COALESCE(m.interactions, 0) AS BIGINT) AS interactions,
  CAST(COALESCE(m.resolved_interactions, 0) AS BIGINT) AS resolved_interactions,
  CAST(COALESCE(m.open_at_month_end, 0) AS BIGINT) AS open_at_month_end
FROM top_accounts AS t
LEFT JOIN matching AS m
  ON m.month_start = t.month_start AND m.account_id = t.account_id
ORDER BY t.month_start, t.developer_rank
"""

TOP_10_VS_REST = f"""
SELECT
  month_start,
  CASE WHEN is_top_10 THEN 'Top 10' ELSE 'Everyone else' END AS segment,
  CAST(SUM(interactions) AS BIGINT) AS interactions,
  CAST(COUNT(DISTINCT account_id) AS BIGINT) AS accounts_with_interactions,
  CAST(SUM(interactions) AS DOUBLE) / COUNT(DISTINCT account_id) AS interactions_per_account
FROM marts.mart_support_interactions_monthly
WHERE {SUPPORT_FILTER}
GROUP BY month_start, is_top_10
ORDER BY month_start, segment DESC
"""

SUPPORT_TOTALS = f"""
SELECT
  CAST(COALESCE(SUM(CASE WHEN is_top_10 THEN interactions ELSE 0 END), 0) AS BIGINT) AS top_10,
  CAST(COALESCE(SUM(CASE WHEN is_top_10 THEN 0 ELSE interactions END), 0) AS BIGINT) AS everyone_else,
  CAST(COALESCE(SUM(CASE WHEN is_top_10 THEN resolved_interactions ELSE 0 END), 0) AS BIGINT) AS top_10_resolved,
  CAST(COALESCE(SUM(CASE WHEN is_top_10 THEN open_at_month_end ELSE 0 END), 0) AS BIGINT) AS top_10_open_at_month_end
FROM marts.mart_support_interactions_monthly
WHERE {SUPPORT_FILTER}
"""

# The top 10's interactions broken down by one dimension (a closed set of columns).
SUPPORT_BREAKDOWN = {
    dimension: f"""
SELECT
  {column} AS value,
  CAST(SUM(interactions) AS BIGINT) AS interactions,
  CAST(SUM(resolved_interactions) AS BIGINT) AS resolved_interactions,
  CAST(SUM(open_at_month_end) AS BIGINT) AS open_at_month_end
FROM marts.mart_support_interactions_monthly
WHERE is_top_10 AND {SUPPORT_FILTER}
GROUP BY {column}
ORDER BY interactions DESC, value
"""
    for dimension, column in {
        "channel": "channel",
        "category": "category",
        "rep": "service_rep_name",
        "status": "status",
    }.items()
}


@dataclass(frozen=True)
class SupportFilters:
    """The customer-service page's filters; every list holds the values kept (never empty)."""

    first_month: date
    last_month: date
    channels: tuple[str, ...]
    categories: tuple[str, ...]
    reps: tuple[str, ...]
    statuses: tuple[str, ...]

    def params(self) -> list[object]:
        return [
            self.first_month,
            self.last_month,
            list(self.channels),
            list(self.categories),
            list(self.reps),
            list(self.statuses),
        ]


def support_months(snapshot: Path) -> list[date]:
    return _dates(read(snapshot, SUPPORT_MONTHS))


def support_options(snapshot: Path, dimension: str) -> list[str]:
    return _values(read(snapshot, SUPPORT_OPTIONS[dimension]))


def top_10_monthly(snapshot: Path, filters: SupportFilters) -> pd.DataFrame:
    return read(
        snapshot, TOP_10_MONTHLY, [filters.first_month, filters.last_month, *filters.params()]
    )


def top_10_vs_rest(snapshot: Path, filters: SupportFilters) -> pd.DataFrame:
    return read(snapshot, TOP_10_VS_REST, filters.params())


def support_totals(snapshot: Path, filters: SupportFilters) -> dict[str, int]:
    row = read(snapshot, SUPPORT_TOTALS, filters.params()).iloc[0]
    return {name: int(value) for name, value in row.items()}


def support_breakdown(snapshot: Path, filters: SupportFilters, dimension: str) -> pd.DataFrame:
    return read(snapshot, SUPPORT_BREAKDOWN[dimension], filters.params())


# --- Features --------------------------------------------------------------------------------

FEATURES = """
SELECT feature_key, feature_name FROM core.dim_features ORDER BY feature_key
"""

FEATURE_WEEKS = """
SELECT DISTINCT week_start FROM marts.mart_feature_churn_weekly ORDER BY week_start
"""

UNPAID_REASONS = """
SELECT DISTINCT reason FROM marts.mart_unpaid_usage_monthly ORDER BY reason
"""

FEATURE_ACCESS = """
SELECT feature_key, feature_name, cheapest_plan, customers_with_access, customers_via_plan,
  customers_via_trial_only, users_with_access, as_of
FROM marts.mart_feature_access_current
WHERE list_contains(CAST(? AS VARCHAR[]), feature_key)
ORDER BY customers_with_access DESC, feature_key
"""

# Adoption: of the customers with access in the latest complete week, those that used the feature
# over the trailing 12 weeks (marts.mart_feature_usage_intensity).
FEATURE_ADOPTION = """
SELECT
  feature_key,
  CAST(COUNT(*) AS BIGINT) AS customers_with_access,
  CAST(SUM(CASE WHEN events_12w > 0 THEN 1 ELSE 0 END) AS BIGINT) AS adopting_customers,
  CAST(SUM(CASE WHEN events_12w > 0 THEN 1 ELSE 0 END) AS DOUBLE) / COUNT(*) AS adoption_rate,
  CAST(SUM(events_12w) AS BIGINT) AS events_12w,
  CAST(SUM(CASE WHEN intensity_band = 'least' THEN 1 ELSE 0 END) AS BIGINT) AS least_intensive,
  CAST(SUM(CASE WHEN intensity_band = 'most' THEN 1 ELSE 0 END) AS BIGINT) AS most_intensive
FROM marts.mart_feature_usage_intensity
WHERE list_contains(CAST(? AS VARCHAR[]), feature_key)
GROUP BY feature_key
ORDER BY adoption_rate DESC, feature_key
"""

FEATURE_WEEKLY = """
SELECT week_start, feature_key, active_accounts, new_accounts, retained_accounts,
  returning_accounts, reactivated_accounts, churned_accounts, lost_access_accounts
FROM marts.mart_feature_churn_weekly
WHERE week_start BETWEEN ? AND ? AND list_contains(CAST(? AS VARCHAR[]), feature_key)
ORDER BY week_start, feature_key
"""

FEATURE_CHURN_TOTALS = """
SELECT
  feature_key,
  CAST(SUM(new_accounts) AS BIGINT) AS new_accounts,
  CAST(SUM(reactivated_accounts) AS BIGINT) AS reactivated_accounts,
  CAST(SUM(churned_accounts) AS BIGINT) AS churned_accounts,
  CAST(SUM(lost_access_accounts) AS BIGINT) AS lost_access_accounts
FROM marts.mart_feature_churn_weekly
WHERE week_start BETWEEN ? AND ? AND list_contains(CAST(? AS VARCHAR[]), feature_key)
GROUP BY feature_key
ORDER BY churned_accounts DESC, feature_key
"""

UNPAID_MONTHLY = """
SELECT usage_month, reason, unpaid_events, accounts, all_events, unpaid_rate
FROM marts.mart_unpaid_usage_monthly
WHERE usage_month BETWEEN ? AND ? AND list_contains(CAST(? AS VARCHAR[]), reason)
ORDER BY usage_month, reason
"""

UNPAID_BY_FEATURE = """
SELECT
  feature_key,
  reason,
  CAST(COUNT(*) AS BIGINT) AS unpaid_events,
  CAST(COUNT(DISTINCT account_id) AS BIGINT) AS accounts
FROM marts.mart_unpaid_feature_usage
WHERE occurred_at >= ? AND occurred_at < ?
  AND list_contains(CAST(? AS VARCHAR[]), reason)
  AND list_contains(CAST(? AS VARCHAR[]), feature_key)
GROUP BY feature_key, reason
ORDER BY unpaid_events DESC, feature_key, reason
"""


def features(snapshot: Path) -> pd.DataFrame:
    return read(snapshot, FEATURES)


def feature_weeks(snapshot: Path) -> list[date]:
    return _dates(read(snapshot, FEATURE_WEEKS))


def unpaid_reasons(snapshot: Path) -> list[str]:
    return _values(read(snapshot, UNPAID_REASONS))


def feature_access(snapshot: Path, feature_keys: Sequence[str]) -> pd.DataFrame:
    return read(snapshot, FEATURE_ACCESS, [list(feature_keys)])


def feature_adoption(snapshot: Path, feature_keys: Sequence[str]) -> pd.DataFrame:
    return read(snapshot, FEATURE_ADOPTION, [list(feature_keys)])


def feature_weekly(
    snapshot: Path, first: date, last: date, feature_keys: Sequence[str]
) -> pd.DataFrame:
    return read(snapshot, FEATURE_WEEKLY, [first, last, list(feature_keys)])


def feature_churn_totals(
    snapshot: Path, first: date, last: date, feature_keys: Sequence[str]
) -> pd.DataFrame:
    return read(snapshot, FEATURE_CHURN_TOTALS, [first, last, list(feature_keys)])


def unpaid_monthly(
    snapshot: Path, first_month: date, last_month: date, reasons: Sequence[str]
) -> pd.DataFrame:
    return read(snapshot, UNPAID_MONTHLY, [first_month, last_month, list(reasons)])


def unpaid_by_feature(
    snapshot: Path,
    since: date,
    before: date,
    reasons: Sequence[str],
    feature_keys: Sequence[str],
) -> pd.DataFrame:
    return read(snapshot, UNPAID_BY_FEATURE, [since, before, list(reasons), list(feature_keys)])


# --- Revenue ---------------------------------------------------------------------------------

MRR_MONTHS = """
SELECT mrr_month FROM marts.mart_mrr_summary_monthly ORDER BY mrr_month
"""

MRR_SUMMARY = """
SELECT
  mrr_month,
  CAST(starting_mrr AS DOUBLE) AS starting_mrr,
  CAST(new_mrr AS DOUBLE) AS new_mrr,
  CAST(expansion_mrr AS DOUBLE) AS expansion_mrr,
  CAST(reactivation_mrr AS DOUBLE) AS reactivation_mrr,
  CAST(contraction_mrr AS DOUBLE) AS contraction_mrr,
  CAST(churned_mrr AS DOUBLE) AS churned_mrr,
  CAST(net_new_mrr AS DOUBLE) AS net_new_mrr,
  CAST(ending_mrr AS DOUBLE) AS ending_mrr,
  ending_paying_accounts,
  new_accounts,
  churned_accounts
FROM marts.mart_mrr_summary_monthly
WHERE mrr_month BETWEEN ? AND ?
ORDER BY mrr_month
"""

MRR_BY_PLAN = """
SELECT
  mrr_month,
  pricing_plan,
  CAST(SUM(mrr) AS DOUBLE) AS mrr,
  CAST(COUNT(*) AS BIGINT) AS paying_accounts
FROM marts.mart_mrr_monthly
WHERE mrr_month BETWEEN ? AND ? AND is_paying
GROUP BY mrr_month, pricing_plan
ORDER BY mrr_month, pricing_plan
"""


def mrr_months(snapshot: Path) -> list[date]:
    return _dates(read(snapshot, MRR_MONTHS))


def mrr_summary(snapshot: Path, first: date, last: date) -> pd.DataFrame:
    return read(snapshot, MRR_SUMMARY, [first, last])


def mrr_by_plan(snapshot: Path, first: date, last: date) -> pd.DataFrame:
    return read(snapshot, MRR_BY_PLAN, [first, last])


# --- Data quality ----------------------------------------------------------------------------

RECONCILIATION = """
SELECT source_table, raw_rows, loaded_rows, quarantined_rows, deduplicated_rows,
  orphan_account_rows, unknown_rep_rows, ambiguous_rep_rows, missing_rep_rows,
  raw_rows = loaded_rows + quarantined_rows + deduplicated_rows AS reconciles
FROM quality.source_row_reconciliation
ORDER BY source_table
"""

QUARANTINE_SOURCES = """
SELECT DISTINCT source_table FROM quality.quarantined_rows ORDER BY source_table
"""

QUARANTINE_BY_REASON = """
SELECT source_table, reject_reason, CAST(COUNT(*) AS BIGINT) AS quarantined_rows
FROM quality.quarantined_rows
WHERE list_contains(CAST(? AS VARCHAR[]), source_table)
GROUP BY source_table, reject_reason
ORDER BY quarantined_rows DESC, source_table, reject_reason
"""

QUARANTINED_ROWS = """
SELECT source_table, reject_reason, account_id, row_timestamp, raw_record
FROM quality.quarantined_rows
WHERE list_contains(CAST(? AS VARCHAR[]), source_table)
ORDER BY source_table, reject_reason, row_timestamp, row_fingerprint, duplicate_number
LIMIT ?
"""

# Orphans: account ids that facts reference but the accounts extract lacks (inferred members).
ORPHAN_ACCOUNTS = """
WITH orphans AS (
  SELECT DISTINCT account_id FROM core.dim_accounts WHERE is_inferred_member
), interactions AS (
  SELECT account_id, COUNT(*) AS interactions
  FROM core.fct_interactions
  WHERE is_orphan_account
  GROUP BY account_id
), licenses AS (
  SELECT account_id, COUNT(*) AS licenses
  FROM core.dim_licenses
  WHERE is_orphan_account
  GROUP BY account_id
)
SELECT
  o.account_id,
  CAST(COALESCE(i.interactions, 0) AS BIGINT) AS interactions,
  CAST(COALESCE(l.licenses, 0) AS BIGINT) AS licenses
FROM orphans AS o
LEFT JOIN interactions AS i ON i.account_id = o.account_id
LEFT JOIN licenses AS l ON l.account_id = o.account_id
ORDER BY o.account_id
"""

AUDIT_RESULTS = """
SELECT model, audit, audit_arguments, blocking, skipped, failing_rows, checked_at
FROM quality.audit_results
WHERE (NOT ? OR failing_rows > 0)
ORDER BY failing_rows DESC NULLS LAST, model, audit, audit_arguments
"""

AUDIT_SUMMARY = """
SELECT
  CAST(COUNT(*) AS BIGINT) AS audits,
  CAST(COUNT(*) FILTER (WHERE failing_rows > 0) AS BIGINT) AS failing,
  CAST(COUNT(*) FILTER (WHERE failing_rows > 0 AND blocking) AS BIGINT) AS failing_blocking,
  CAST(COUNT(*) FILTER (WHERE skipped) AS BIGINT) AS skipped,
  CAST(COUNT(DISTINCT model) AS BIGINT) AS models,
  MAX(checked_at) AS checked_at
FROM quality.audit_results
"""


def reconciliation(snapshot: Path) -> pd.DataFrame:
    return read(snapshot, RECONCILIATION)


def quarantine_sources(snapshot: Path) -> list[str]:
    return _values(read(snapshot, QUARANTINE_SOURCES))


def quarantine_by_reason(snapshot: Path, sources: Sequence[str]) -> pd.DataFrame:
    return read(snapshot, QUARANTINE_BY_REASON, [list(sources)])


def quarantined_rows(snapshot: Path, sources: Sequence[str], limit: int) -> pd.DataFrame:
    return read(snapshot, QUARANTINED_ROWS, [list(sources), int(limit)])


def orphan_accounts(snapshot: Path) -> pd.DataFrame:
    return read(snapshot, ORPHAN_ACCOUNTS)


def audit_results(snapshot: Path, failing_only: bool) -> pd.DataFrame:
    return read(snapshot, AUDIT_RESULTS, [bool(failing_only)])


def audit_summary(snapshot: Path) -> dict[str, object]:
    return read(snapshot, AUDIT_SUMMARY).iloc[0].to_dict()


# --- Forecast --------------------------------------------------------------------------------
# forecast.monthly_forecast, forecast.forecast_backtest and forecast.forecast_accuracy are built by
# the forecast models (models/forecast/); the page checks that each exists before reading it.

FORECAST_SERIES = """
SELECT DISTINCT series FROM forecast.monthly_forecast ORDER BY series
"""

MONTHLY_FORECAST = """
SELECT series, month, is_forecast, actual, forecast, lower_95, upper_95, method, trained_through
FROM forecast.monthly_forecast
WHERE series = ?
ORDER BY month
"""

FORECAST_ACCURACY = """
SELECT series, mape, backtest_months, scored_months, trained_through, fitted_through, method,
  backtest_method
FROM forecast.forecast_accuracy
WHERE series = ?
"""

FORECAST_BACKTEST = """
SELECT month, actual, forecast, abs_pct_error, method, fitted_through
FROM forecast.forecast_backtest
WHERE series = ?
ORDER BY month
"""


def forecast_series(snapshot: Path) -> list[str]:
    return _values(read(snapshot, FORECAST_SERIES))


def monthly_forecast(snapshot: Path, series: str) -> pd.DataFrame:
    return read(snapshot, MONTHLY_FORECAST, [series])


def forecast_accuracy(snapshot: Path, series: str) -> pd.DataFrame:
    return read(snapshot, FORECAST_ACCURACY, [series])


def forecast_backtest(snapshot: Path, series: str) -> pd.DataFrame:
    return read(snapshot, FORECAST_BACKTEST, [series])
