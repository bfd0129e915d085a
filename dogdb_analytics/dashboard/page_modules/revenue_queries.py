"""The Revenue page's queries: every number is a metric of the semantic layer (customers only,
stocks at the last month of a range, flows summed over it); the month list is the mart's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from dogdb_analytics.dashboard.layer import metric_frame, metric_row, month_end
from dogdb_analytics.dashboard.snapshot import dates, read

MRR_MONTHS = """
SELECT mrr_month FROM marts.mart_mrr_summary_monthly ORDER BY mrr_month
"""
HEADLINE = ("mrr", "arr", "paying_customers", "net_new_mrr")
MOVEMENTS = ("new_mrr", "expansion_mrr", "reactivation_mrr", "contraction_mrr", "churned_mrr")
MONTHLY = (
    "starting_mrr",
    *MOVEMENTS,
    "net_new_mrr",
    "mrr",
    "paying_customers",
    "new_customers",
    "churned_customers",
)


def mrr_months(snapshot: Path) -> list[date]:
    return dates(read(snapshot, MRR_MONTHS))


def revenue_totals(snapshot: Path, first: date, last: date) -> dict[str, object]:
    """MRR, ARR and paying customers at the end of `last`; net new MRR and each movement summed
    over the months."""
    return metric_row(snapshot, (*HEADLINE, *MOVEMENTS), None, first, month_end(last))


def mrr_summary(snapshot: Path, first: date, last: date) -> pd.DataFrame:
    """One row per month: starting MRR, each movement, net new, ending MRR and customer counts."""
    frame = metric_frame(snapshot, MONTHLY, ("month",), None, first, month_end(last))
    return frame.rename(columns={"month": "mrr_month", "mrr": "ending_mrr"})


def mrr_by_plan(snapshot: Path, first: date, last: date) -> pd.DataFrame:
    frame = metric_frame(
        snapshot, ("mrr", "paying_customers"), ("month", "plan"), None, first, month_end(last)
    )
    return frame.rename(columns={"month": "mrr_month", "plan": "pricing_plan"})
