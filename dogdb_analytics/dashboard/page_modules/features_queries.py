"""The Features page's queries. Adoption, unpaid use and churn counts are metrics of the semantic
layer; access now, the intensity bands and the unpaid events by feature are read from the marts.
Values are parameters or literals built by the layer, never spliced into SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from dogdb_analytics.dashboard.layer import metric_frame, metric_row, month_end
from dogdb_analytics.dashboard.snapshot import dates, read, values

ADOPTION = ("customers_with_feature_access", "adopting_customers", "adoption_rate")
CHURN = {
    "reactivated_account_features": "reactivated_accounts",
    "churned_account_features": "churned_accounts",
    "lost_access_account_features": "lost_access_accounts",
}

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

# The intensity bands beside the adoption metrics (marts.mart_feature_usage_intensity).
FEATURE_INTENSITY = """
SELECT
  feature_key,
  CAST(SUM(events_12w) AS BIGINT) AS events_12w,
  CAST(SUM(CASE WHEN intensity_band = 'least' THEN 1 ELSE 0 END) AS BIGINT) AS least_intensive,
  CAST(SUM(CASE WHEN intensity_band = 'most' THEN 1 ELSE 0 END) AS BIGINT) AS most_intensive
FROM marts.mart_feature_usage_intensity
WHERE list_contains(CAST(? AS VARCHAR[]), feature_key)
GROUP BY feature_key
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
    return dates(read(snapshot, FEATURE_WEEKS))


def unpaid_reasons(snapshot: Path) -> list[str]:
    return values(read(snapshot, UNPAID_REASONS))


def feature_access(snapshot: Path, feature_keys: Sequence[str]) -> pd.DataFrame:
    return read(snapshot, FEATURE_ACCESS, [list(feature_keys)])


def feature_adoption(snapshot: Path, feature_keys: Sequence[str]) -> pd.DataFrame:
    """Adoption per feature (the layer's metrics) with its intensity bands (the mart's)."""
    adoption = metric_frame(snapshot, ADOPTION, ("feature",), {"feature": list(feature_keys)})
    adoption = adoption.rename(
        columns={"feature": "feature_key", "customers_with_feature_access": "customers_with_access"}
    )
    bands = read(snapshot, FEATURE_INTENSITY, [list(feature_keys)])
    merged = adoption.merge(bands, on="feature_key", how="left")
    return merged.sort_values(
        ["adoption_rate", "feature_key"], ascending=[False, True], ignore_index=True
    )


def unpaid_totals(
    snapshot: Path, first_month: date, last_month: date, reasons: Sequence[str]
) -> dict[str, object]:
    """Unpaid events of the reasons kept, and the unpaid share of all usage (every reason)."""
    last = month_end(last_month)
    events = metric_row(
        snapshot, ("unpaid_usage_events",), {"reason": list(reasons)}, first_month, last
    )
    rate = metric_row(snapshot, ("unpaid_rate",), None, first_month, last)
    return {**events, **rate}


def unpaid_monthly(
    snapshot: Path, first_month: date, last_month: date, reasons: Sequence[str]
) -> pd.DataFrame:
    """Unpaid events by month and reason."""
    frame = metric_frame(
        snapshot,
        ("unpaid_usage_events",),
        ("month", "reason"),
        {"reason": list(reasons)},
        first_month,
        month_end(last_month),
    )
    return frame.rename(columns={"month": "usage_month", "unpaid_usage_events": "unpaid_events"})


def unpaid_by_feature(
    snapshot: Path,
    since: date,
    before: date,
    reasons: Sequence[str],
    feature_keys: Sequence[str],
) -> pd.DataFrame:
    return read(snapshot, UNPAID_BY_FEATURE, [since, before, list(reasons), list(feature_keys)])


def churn_totals(
    snapshot: Path, first_week: date, last_week: date, feature_keys: Sequence[str]
) -> dict[str, object]:
    """Reactivated, churned and lost-access account-features over the weeks."""
    row = metric_row(snapshot, list(CHURN), {"feature": list(feature_keys)}, first_week, last_week)
    return {CHURN[name]: value for name, value in row.items()}


def _churn_by(
    by: Sequence[str], snapshot: Path, first: date, last: date, feature_keys: Sequence[str]
) -> pd.DataFrame:
    """The churn counts of the features kept over the weeks, by `by`, in the page's column names."""
    frame = metric_frame(snapshot, list(CHURN), by, {"feature": list(feature_keys)}, first, last)
    return frame.rename(columns={"week": "week_start", "feature": "feature_key", **CHURN})


def churn_by_feature(
    snapshot: Path, first_week: date, last_week: date, feature_keys: Sequence[str]
) -> pd.DataFrame:
    frame = _churn_by(("feature",), snapshot, first_week, last_week, feature_keys)
    return frame.sort_values(
        ["churned_accounts", "feature_key"], ascending=[False, True], ignore_index=True
    )


def churn_weekly(
    snapshot: Path, first_week: date, last_week: date, feature_keys: Sequence[str]
) -> pd.DataFrame:
    return _churn_by(("week", "feature"), snapshot, first_week, last_week, feature_keys)
