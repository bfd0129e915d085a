"""Billing, for the accountant: expected against actual charges by month, card against invoice,
why they differ, and the month's lines as CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dogdb_analytics.dashboard.charts import monthly_bars
from dogdb_analytics.dashboard.formatting import count, money, month_label
from dogdb_analytics.dashboard.page_modules import billing_queries as queries
from dogdb_analytics.dashboard.snapshot import snapshot_path
from dogdb_analytics.dashboard.widgets import period_range, pick_or_all, table

TITLE = "Billing"


def _expected_vs_billed(by_month: pd.DataFrame) -> alt.Chart:
    totals = (
        by_month.groupby("month", as_index=False)[["expected_amount", "billed_amount"]]
        .sum(min_count=1)
        .rename(columns={"expected_amount": "expected", "billed_amount": "billed"})
        .melt(id_vars="month", var_name="charge", value_name="amount")
        .dropna()
    )
    return (
        alt.Chart(totals)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(month):O", title=None),
            xOffset="charge:N",
            y=alt.Y("amount:Q", title="USD"),
            color=alt.Color("charge:N", title=None),
            tooltip=[alt.Tooltip("yearmonth(month):O", title="month"), "charge:N", "amount:Q"],
        )
    )


def _card_vs_invoice(by_month: pd.DataFrame) -> alt.Chart:
    return monthly_bars(
        by_month.dropna(subset=["billed_amount"]),
        "month",
        ("billed_amount:Q", "billed, USD"),
        ("payment_method:N", "payment method"),
        ["payment_method:N", alt.Tooltip("billed_amount:Q", format=",.2f"), "billed_accounts:Q"],
    )


def _month_metrics(totals: dict[str, object], month_rows: pd.DataFrame) -> None:
    columns = st.columns(3)
    columns[0].metric("Expected", money(totals["expected_amount"]))
    columns[1].metric("Billed", money(totals["billed_amount"]))
    columns[2].metric("Variance (billed - expected)", money(totals["billing_variance"]))
    by_method = st.columns(max(1, len(month_rows)))
    for column, row in zip(by_method, month_rows.itertuples(), strict=False):
        column.metric(
            f"Billed by {row.payment_method}",
            money(row.billed_amount),
            help=f"expected {money(row.expected_amount)} from {count(row.expected_accounts)} accounts",
        )


def _csv_download(
    column: DeltaGenerator, title: str, frame: pd.DataFrame, rows: str, month: date
) -> None:
    """`frame` as `<title>_<month>.csv` (lower case, underscores), its row count in the label."""
    name = title.lower().replace(" ", "_")
    column.download_button(
        f"{title} of {month_label(month)} (CSV, {len(frame):,} {rows})",
        data=frame.to_csv(index=False),
        file_name=f"{name}_{month_label(month)}.csv",
        mime="text/csv",
        key=f"{name}_csv",
    )


def render(snapshot: Path) -> None:
    st.title(TITLE)
    st.caption(
        "Expected charges are fixed before a month starts (every paying account keeps its tier "
        "for the whole month); billed charges are what was owed once it ended, prorated by day. "
        "Card = Medium, invoice = Enterprise. Totals are the semantic layer's metrics "
        "(expected_amount, billed_amount, billing_variance); rows from mart_charge_variance, "
        "mart_billing_lines and mart_expected_charges."
    )
    months = queries.billing_months(snapshot)
    if not months:
        st.info("No billing month has been built yet.")
        return
    left, right = st.columns([3, 1])
    with left:
        first, last = period_range("Months", months, key="billing_months", default_periods=12)
    with right:
        methods = pick_or_all(
            "Payment method", queries.payment_methods(snapshot), key="billing_methods"
        )
    by_month = queries.billing_by_month(snapshot, first, last, methods)

    st.subheader("Expected and billed by month")
    st.altair_chart(_expected_vs_billed(by_month), width="stretch")
    st.subheader("Card and invoice")
    st.altair_chart(_card_vs_invoice(by_month), width="stretch")

    in_range = [month for month in months if first <= month <= last]
    billed_months = by_month.dropna(subset=["billed_amount"])["month"].tolist()
    default_month = max(billed_months) if billed_months else in_range[-1]
    month = st.selectbox(
        "Month",
        options=in_range,
        index=in_range.index(default_month),
        format_func=month_label,
        key="billing_month",
    )
    st.subheader(f"{month_label(month)}")
    month_rows = by_month[by_month["month"] == month]
    _month_metrics(queries.month_totals(snapshot, month, methods), month_rows)

    st.markdown("**Why billed differs from expected** (all payment methods)")
    table(queries.variance_by_reason(snapshot, month))

    lines = queries.billing_lines(snapshot, month, methods)
    expected = queries.expected_charges(snapshot, month, methods)
    downloads = st.columns(2)
    _csv_download(downloads[0], "Billing lines", lines, "lines", month)
    _csv_download(downloads[1], "Expected charges", expected, "accounts", month)

    st.markdown("**By month and payment method**")
    table(by_month)


if __name__ == "__main__":
    render(snapshot_path())
