"""The Customer service page's queries. Counts, shares and breakdowns are metrics of the semantic
layer (interactions, top_10_interactions, top_10_share, ...) filtered like the page; the monthly
top 10 accounts and the filter options are read from the marts. Values are parameters or
literals built by the layer, never spliced into SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from dogdb_analytics.dashboard.layer import metric_frame, metric_row, month_end
from dogdb_analytics.dashboard.snapshot import dates, read, values

# The page's filter names -> the layer's dimensions.
DIMENSIONS = {
    "channel": "channel",
    "category": "category",
    "rep": "representative",
    "status": "status",
}
COUNTS = ("interactions", "resolved_interactions", "open_at_month_end")

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

    def metric_filters(self, **more: list[object]) -> dict[str, list[object]]:
        """The same filters for the semantic layer (its dimension names)."""
        return {
            "channel": list(self.channels),
            "category": list(self.categories),
            "representative": list(self.reps),
            "status": list(self.statuses),
            **more,
        }

    def metric_range(self) -> tuple[date, date]:
        return self.first_month, month_end(self.last_month)


def support_months(snapshot: Path) -> list[date]:
    return dates(read(snapshot, SUPPORT_MONTHS))


def support_options(snapshot: Path, dimension: str) -> list[str]:
    return values(read(snapshot, SUPPORT_OPTIONS[dimension]))


def top_10_monthly(snapshot: Path, filters: SupportFilters) -> pd.DataFrame:
    return read(
        snapshot, TOP_10_MONTHLY, [filters.first_month, filters.last_month, *filters.params()]
    )


def top_10_vs_rest(snapshot: Path, filters: SupportFilters) -> pd.DataFrame:
    """Interactions, accounts with interactions and interactions per account by month, top 10
    against everyone else."""
    frame = metric_frame(
        snapshot,
        ("interactions", "accounts_with_interactions", "interactions_per_account"),
        by=("month", "top_10"),
        filters=filters.metric_filters(),
        first=filters.first_month,
        last=month_end(filters.last_month),
    )
    frame.insert(1, "segment", frame["top_10"].map({True: "Top 10", False: "Everyone else"}))
    frame = frame.drop(columns="top_10").rename(columns={"month": "month_start"})
    return frame.sort_values(["month_start", "segment"], ascending=[True, False], ignore_index=True)


def support_totals(snapshot: Path, filters: SupportFilters) -> dict[str, object]:
    """The page's headline numbers over the filtered months."""
    first, last = filters.metric_range()
    overall = metric_row(
        snapshot,
        ("interactions", "top_10_interactions", "top_10_share"),
        filters.metric_filters(),
        first,
        last,
    )
    top_10 = metric_row(snapshot, COUNTS[1:], filters.metric_filters(top_10=[True]), first, last)
    return {
        "top_10": int(overall["top_10_interactions"]),
        "everyone_else": int(
            metric_row(
                snapshot, ("interactions",), filters.metric_filters(top_10=[False]), first, last
            )["interactions"]
        ),
        "top_10_share": overall["top_10_share"],
        "top_10_resolved": int(top_10["resolved_interactions"]),
        "top_10_open_at_month_end": int(top_10["open_at_month_end"]),
    }


def support_breakdown(snapshot: Path, filters: SupportFilters, dimension: str) -> pd.DataFrame:
    """The top 10's interactions by one of the page's dimensions."""
    first, last = filters.metric_range()
    frame = metric_frame(
        snapshot,
        COUNTS,
        by=(DIMENSIONS[dimension],),
        filters=filters.metric_filters(top_10=[True]),
        first=first,
        last=last,
    ).rename(columns={DIMENSIONS[dimension]: "value"})
    return frame.sort_values(["interactions", "value"], ascending=[False, True], ignore_index=True)


# The accounts with the most interactions in the last 12 months with any, pre-aggregated at build
# time (the dashboard benchmark times this query too).
TOP_ACCOUNTS_LAST_12_MONTHS = """
SELECT account_id, interactions
FROM reporting.account_interactions_trailing_12_months
ORDER BY interactions DESC, account_id
LIMIT 10
"""


def top_accounts_last_12_months(snapshot: Path) -> pd.DataFrame:
    """The 10 accounts with the most interactions in the 12 months ending with the latest one."""
    return read(snapshot, TOP_ACCOUNTS_LAST_12_MONTHS)
