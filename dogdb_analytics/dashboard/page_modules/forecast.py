"""Forecast: the next 6 months of interactions and MRR with their 95% prediction intervals, and
how far off the method was on the last 6 known months (backtest MAPE)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from dogdb_analytics.dashboard.charts import forecast_with_interval
from dogdb_analytics.dashboard.formatting import count, money, month_label
from dogdb_analytics.dashboard.page_modules import forecast_queries as queries
from dogdb_analytics.dashboard.snapshot import snapshot_path
from dogdb_analytics.dashboard.widgets import table

TITLE = "Forecast"
SERIES_LABELS = {"interactions": "Interactions per month", "mrr": "MRR (USD)"}
HISTORY = {"2 years": 24, "5 years": 60, "All": None}


def value_format(series: str) -> Callable[[float | None], str]:
    return money if series == "mrr" else count


def mape_label(mape: float | None) -> str:
    """forecast_accuracy.mape is already in percent (5.0 = 5%)."""
    return "–" if mape is None or pd.isna(mape) else f"{mape:.1f}%"


def chart_frame(frame: pd.DataFrame, history_months: int | None) -> pd.DataFrame:
    """The history to show (the last `history_months` known months) and the forecast months; the
    last known month also starts the forecast line, so the two lines meet."""
    history = frame[~frame["is_forecast"]]
    if history_months is not None:
        history = history.tail(history_months)
    future = frame[frame["is_forecast"]]
    shown = pd.concat([history, future], ignore_index=True)
    if not history.empty:
        last = shown.index[len(history) - 1]
        for column in ("forecast", "lower_95", "upper_95"):
            shown.loc[last, column] = shown.loc[last, "actual"]
    return shown


def _metrics(series: str, frame: pd.DataFrame, accuracy: pd.DataFrame | None) -> None:
    shown = value_format(series)
    future = frame[frame["is_forecast"]]
    columns = st.columns(3)
    if not future.empty:
        first = future.iloc[0]
        columns[0].metric(
            f"Forecast for {month_label(first['month'])}",
            shown(first["forecast"]),
            help=f"95% interval: {shown(first['lower_95'])} to {shown(first['upper_95'])}",
        )
        last = future.iloc[-1]
        columns[1].metric(f"Forecast for {month_label(last['month'])}", shown(last["forecast"]))
    mape = None if accuracy is None or accuracy.empty else accuracy.iloc[0]["mape"]
    columns[2].metric("Backtest MAPE (last 6 known months)", mape_label(mape))
    st.caption(
        f"Method: {frame.iloc[0]['method']}, fitted on the months up to "
        f"{month_label(frame.iloc[0]['trained_through'])}."
    )


def _backtest_section(series: str, backtest: pd.DataFrame) -> None:
    st.subheader("Backtest: the last 6 known months, forecast from the months before")
    if backtest.empty:
        st.info("The history of this series is too short for a backtest.")
        return
    long = backtest.melt(
        id_vars="month", value_vars=["actual", "forecast"], var_name="line", value_name="value"
    )
    st.altair_chart(
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("yearmonth(month):O", title=None),
            y=alt.Y(
                "value:Q", title=SERIES_LABELS.get(series, series), scale=alt.Scale(zero=False)
            ),
            color=alt.Color("line:N", title=None),
            tooltip=[alt.Tooltip("yearmonth(month):O", title="month"), "line:N", "value:Q"],
        ),
        width="stretch",
    )
    table(backtest)


def render(snapshot: Path) -> None:
    st.title(TITLE)
    if not queries.table_exists(snapshot, "forecast", "monthly_forecast"):
        st.info(
            "The forecast has not been built: the published snapshot has no "
            "forecast.monthly_forecast yet."
        )
        return
    st.caption(
        "The next 6 months after the last complete month, with 95% prediction intervals, beside "
        "the history; the backtest refits the same method without the last 6 known months and "
        "compares. From forecast.monthly_forecast, forecast_backtest and forecast_accuracy."
    )
    options = queries.forecast_series(snapshot)
    left, right = st.columns([2, 3])
    with left:
        series = st.selectbox(
            "Series",
            options=options,
            format_func=lambda name: SERIES_LABELS.get(name, name),
            key="forecast_series",
        )
    with right:
        history = st.select_slider(
            "History shown", options=list(HISTORY), value="2 years", key="forecast_history"
        )
    if series is None:
        st.info("The forecast table is empty.")
        return
    frame = queries.monthly_forecast(snapshot, series)
    has_accuracy = queries.table_exists(snapshot, "forecast", "forecast_accuracy")
    accuracy = queries.forecast_accuracy(snapshot, series) if has_accuracy else None
    _metrics(series, frame, accuracy)
    st.altair_chart(
        forecast_with_interval(
            chart_frame(frame, HISTORY[history]), SERIES_LABELS.get(series, series)
        ),
        width="stretch",
    )
    st.markdown("**Forecast months**")
    table(frame[frame["is_forecast"]].drop(columns=["series", "is_forecast", "actual"]))
    if queries.table_exists(snapshot, "forecast", "forecast_backtest"):
        _backtest_section(series, queries.forecast_backtest(snapshot, series))


if __name__ == "__main__":
    render(snapshot_path())
