"""Revenue: MRR month by month, by plan, and what moved it over the chosen months (a waterfall
from the starting MRR through new, expansion, reactivation, contraction and churn to the ending
MRR)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dogdb_analytics.dashboard.charts import waterfall, waterfall_steps
from dogdb_analytics.dashboard.formatting import count, money, month_label
from dogdb_analytics.dashboard.page_modules import revenue_queries as queries
from dogdb_analytics.dashboard.snapshot import snapshot_path
from dogdb_analytics.dashboard.widgets import period_range, table

TITLE = "Revenue"
# (label, metric, direction): contraction and churn are metrics of MRR lost (positive amounts).
MOVEMENTS = (
    ("New", "new_mrr", 1),
    ("Expansion", "expansion_mrr", 1),
    ("Reactivation", "reactivation_mrr", 1),
    ("Contraction", "contraction_mrr", -1),
    ("Churn", "churned_mrr", -1),
)


def movement_steps(summary: pd.DataFrame, totals: dict[str, object]) -> pd.DataFrame:
    """The waterfall of the months: MRR at the end of the month before the first, each movement
    over the months (the layer's totals), MRR at the end of the last."""
    first, last = summary.iloc[0], summary.iloc[-1]
    return waterfall_steps(
        (f"Start ({month_label(first['mrr_month'])})", float(first["starting_mrr"])),
        [(label, sign * float(totals[metric])) for label, metric, sign in MOVEMENTS],
        (f"End ({month_label(last['mrr_month'])})", float(totals["mrr"])),
    )


def render(snapshot: Path) -> None:
    st.title(TITLE)
    st.caption(
        "MRR is the monthly price of the tiers held at each month end; movements per account: "
        "new, expansion, reactivation, contraction, churn. Customers only (internal and test "
        "accounts left out). Every number is a metric of the semantic layer."
    )
    months = queries.mrr_months(snapshot)
    if not months:
        st.info("No MRR month has been built yet.")
        return
    first, last = period_range("Months", months, key="revenue_months", default_periods=12)
    summary = queries.mrr_summary(snapshot, first, last)
    totals = queries.revenue_totals(snapshot, first, last)
    columns = st.columns(4)
    columns[0].metric(f"MRR at the end of {month_label(last)}", money(totals["mrr"]))
    columns[1].metric("ARR (12 x MRR)", money(totals["arr"]))
    columns[2].metric("Paying customers", count(totals["paying_customers"]))
    columns[3].metric("Net new MRR over the months", money(totals["net_new_mrr"]))

    st.subheader("MRR by plan")
    by_plan = queries.mrr_by_plan(snapshot, first, last)
    st.area_chart(
        by_plan, x="mrr_month", y="mrr", color="pricing_plan", stack=True, x_label="", y_label="USD"
    )

    st.subheader(f"What moved MRR, {month_label(first)} to {month_label(last)}")
    st.altair_chart(waterfall(movement_steps(summary, totals), "MRR, USD"), width="stretch")
    table(summary)


if __name__ == "__main__":
    render(snapshot_path())
