"""Customer service: the monthly interactions of the 10 accounts with the most active developer
licenses, filtered by channel, category, representative and status, against everyone else."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from dogdb_analytics.dashboard.charts import monthly_bars
from dogdb_analytics.dashboard.formatting import count, month_label, percent
from dogdb_analytics.dashboard.page_modules import customer_service_queries as queries
from dogdb_analytics.dashboard.page_modules.customer_service_queries import SupportFilters
from dogdb_analytics.dashboard.snapshot import snapshot_path
from dogdb_analytics.dashboard.widgets import period_range, pick_or_all, table

TITLE = "Customer service"
BREAKDOWNS = {
    "channel": "Channel",
    "category": "Category",
    "rep": "Representative",
    "status": "Status",
}


def _filters(snapshot: Path) -> SupportFilters | None:
    months = queries.support_months(snapshot)
    if not months:
        return None
    first, last = period_range("Months", months, key="support_months", default_periods=12)
    columns = st.columns(4)
    picked: dict[str, tuple[str, ...]] = {}
    for column, (dimension, label) in zip(columns, BREAKDOWNS.items(), strict=True):
        with column:
            picked[dimension] = pick_or_all(
                label, queries.support_options(snapshot, dimension), key=f"support_{dimension}"
            )
    return SupportFilters(
        first_month=first,
        last_month=last,
        channels=picked["channel"],
        categories=picked["category"],
        reps=picked["rep"],
        statuses=picked["status"],
    )


def _top_10_chart(top_10: pd.DataFrame) -> alt.Chart:
    return monthly_bars(
        top_10,
        "month_start",
        ("interactions:Q", "interactions"),
        ("developer_rank:O", "rank"),
        ["developer_rank:O", "account_id:N", "active_developer_licenses:Q", "interactions:Q"],
    )


def _segments_chart(segments: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(segments)
        .mark_line(point=True)
        .encode(
            x=alt.X("yearmonth(month_start):O", title=None),
            y=alt.Y("interactions_per_account:Q", title="interactions per account"),
            color=alt.Color("segment:N", title=None),
            tooltip=[
                alt.Tooltip("yearmonth(month_start):O", title="month"),
                "segment:N",
                "interactions:Q",
                "accounts_with_interactions:Q",
                alt.Tooltip("interactions_per_account:Q", format=".2f"),
            ],
        )
    )


def render(snapshot: Path) -> None:
    st.title(TITLE)
    st.caption(
        "The top 10 of a month are the accounts with the most developer licenses active at its "
        "end (ties by account id). An interaction counts in the month it was created (UTC), with "
        "its status in the latest extract. Filters left empty keep everything. Counts and shares "
        "are the semantic layer's metrics; the monthly top 10 from "
        "marts.mart_top_developer_accounts_monthly."
    )
    filters = _filters(snapshot)
    if filters is None:
        st.info("No interaction has been built yet.")
        return
    totals = queries.support_totals(snapshot, filters)
    columns = st.columns(4)
    columns[0].metric("Top 10 interactions", count(totals["top_10"]))
    columns[1].metric("Everyone else", count(totals["everyone_else"]))
    columns[2].metric(
        "Top 10 share",
        percent(totals["top_10_share"]),
    )
    columns[3].metric("Top 10 open at month end", count(totals["top_10_open_at_month_end"]))

    top_10 = queries.top_10_monthly(snapshot, filters)
    st.subheader("Top 10 accounts: interactions by month")
    st.altair_chart(_top_10_chart(top_10), width="stretch")
    last_month = filters.last_month
    st.markdown(f"**Top 10 of {month_label(last_month)}**")
    table(top_10[top_10["month_start"] == last_month].drop(columns="month_start"))

    st.subheader("Top 10 against everyone else")
    segments = queries.top_10_vs_rest(snapshot, filters)
    st.altair_chart(_segments_chart(segments), width="stretch")
    table(segments)

    st.subheader("Top 10 broken down")
    dimension = st.selectbox(
        "Break the top 10's interactions down by",
        options=list(BREAKDOWNS),
        format_func=BREAKDOWNS.__getitem__,
        key="support_breakdown",
    )
    breakdown = queries.support_breakdown(snapshot, filters, dimension)
    st.bar_chart(breakdown, x="value", y="interactions", x_label=BREAKDOWNS[dimension])
    table(breakdown.rename(columns={"value": BREAKDOWNS[dimension]}))

    st.subheader("Top accounts, last 12 months")
    st.caption(
        "The 10 accounts with the most interactions created in the 12 months ending with the "
        "latest month, unfiltered (reporting.account_interactions_trailing_12_months)."
    )
    table(queries.top_accounts_last_12_months(snapshot))


if __name__ == "__main__":
    render(snapshot_path())
