"""Features, for the commercial team: who has access now, who adopted what, unpaid use and
feature churn."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import altair as alt
import streamlit as st

from dogdb_analytics.dashboard.formatting import count, percent
from dogdb_analytics.dashboard.page_modules import features_queries as queries
from dogdb_analytics.dashboard.snapshot import snapshot_path
from dogdb_analytics.dashboard.widgets import period_range, pick_or_all, table

TITLE = "Features"


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month_start(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _access_section(snapshot: Path, feature_keys: tuple[str, ...]) -> None:
    st.subheader("Access now")
    access = queries.feature_access(snapshot, feature_keys)
    st.bar_chart(
        access,
        x="feature_name",
        y=["customers_via_plan", "customers_via_trial_only"],
        x_label="feature",
        y_label="customers with access",
    )
    table(access)


def _adoption_section(snapshot: Path, feature_keys: tuple[str, ...]) -> None:
    st.subheader("Adoption")
    st.caption(
        "Customers with access in the latest complete week that used the feature over the "
        "trailing 12 weeks (marts.mart_feature_usage_intensity); least/most = bottom/top 10% "
        "by events per entitled user."
    )
    adoption = queries.feature_adoption(snapshot, feature_keys)
    st.altair_chart(
        alt.Chart(adoption)
        .mark_bar()
        .encode(
            x=alt.X("feature_key:N", sort="-y", title=None),
            y=alt.Y("adoption_rate:Q", title="adoption", axis=alt.Axis(format="%")),
            tooltip=["feature_key:N", "customers_with_access:Q", "adopting_customers:Q"],
        ),
        width="stretch",
    )
    table(adoption)


def _unpaid_section(
    snapshot: Path, first_week: date, last_week: date, feature_keys: tuple[str, ...]
) -> None:
    st.subheader("Unpaid use")
    reasons = pick_or_all("Reason", queries.unpaid_reasons(snapshot), key="features_reasons")
    first_month, last_month = _month_start(first_week), _month_start(last_week)
    unpaid = queries.unpaid_monthly(snapshot, first_month, last_month, reasons)
    totals = queries.unpaid_totals(snapshot, first_month, last_month, reasons)
    columns = st.columns(2)
    columns[0].metric("Unpaid usage events", count(totals["unpaid_usage_events"]))
    columns[1].metric(
        "Unpaid share of all usage events (every reason)",
        percent(totals["unpaid_rate"], digits=2),
    )
    st.altair_chart(
        alt.Chart(unpaid)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(usage_month):O", title=None),
            y=alt.Y("unpaid_events:Q", title="unpaid events"),
            color=alt.Color("reason:N"),
            tooltip=["reason:N", "unpaid_events:Q"],
        ),
        width="stretch",
    )
    st.markdown("**By feature and reason** (the months above)")
    table(
        queries.unpaid_by_feature(
            snapshot, first_month, _next_month_start(last_month), reasons, feature_keys
        )
    )


def _churn_section(
    snapshot: Path, first_week: date, last_week: date, feature_keys: tuple[str, ...]
) -> None:
    st.subheader("Churn")
    st.caption(
        "Churned: a 4th week without use while still having access; lost access is counted "
        "apart (marts.mart_feature_churn_weekly)."
    )
    weekly = queries.churn_weekly(snapshot, first_week, last_week, feature_keys)
    totals = queries.churn_totals(snapshot, first_week, last_week, feature_keys)
    columns = st.columns(3)
    columns[0].metric("Churned (account x feature)", count(totals["churned_accounts"]))
    columns[1].metric("Lost access", count(totals["lost_access_accounts"]))
    columns[2].metric("Reactivated", count(totals["reactivated_accounts"]))
    st.altair_chart(
        alt.Chart(weekly)
        .mark_line(point=True)
        .encode(
            x=alt.X("week_start:T", title=None),
            y=alt.Y("churned_accounts:Q", title="churned accounts"),
            color=alt.Color("feature_key:N", title="feature"),
            tooltip=[
                "week_start:T",
                "feature_key:N",
                "churned_accounts:Q",
                "lost_access_accounts:Q",
            ],
        ),
        width="stretch",
    )
    table(queries.churn_by_feature(snapshot, first_week, last_week, feature_keys))


def render(snapshot: Path) -> None:
    st.title(TITLE)
    st.caption(
        "Access comes from the tier or a running trial; unpaid use is a usage event without "
        "access at that moment, with its reason; weeks are ISO weeks (UTC)."
    )
    catalog = queries.features(snapshot)
    names = dict(zip(catalog["feature_key"], catalog["feature_name"], strict=True))
    weeks = queries.feature_weeks(snapshot)
    left, right = st.columns([3, 2])
    with right:
        feature_keys = pick_or_all(
            "Features", list(names), key="features_keys", format_func=names.__getitem__
        )
    if not weeks:
        _access_section(snapshot, feature_keys)
        st.info("No usage week has been built yet.")
        return
    with left:
        first_week, last_week = period_range(
            "Weeks", weeks, key="features_weeks", default_periods=26, format_func=date.isoformat
        )
    _access_section(snapshot, feature_keys)
    _adoption_section(snapshot, feature_keys)
    _unpaid_section(snapshot, first_week, last_week, feature_keys)
    _churn_section(snapshot, first_week, last_week, feature_keys)


if __name__ == "__main__":
    render(snapshot_path())
