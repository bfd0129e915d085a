"""Forecast: the next 6 months of interactions and MRR with their 95% prediction intervals, and
how far off the model was on the last 6 known months (backtest MAPE)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dogdb_analytics.dashboard import queries
from dogdb_analytics.dashboard.charts import forecast_with_interval
from dogdb_analytics.dashboard.snapshot import snapshot_path
from dogdb_analytics.dashboard.widgets import table

TITLE = "Forecast"
SERIES = {"interactions": "Interactions per month", "mrr": "MRR (USD)"}


def render(snapshot: Path) -> None:
    st.title(TITLE)
    if not queries.table_exists(snapshot, "forecast", "monthly_forecast"):
        st.info(
            "The forecast has not been built: the published snapshot has no "
            "forecast.monthly_forecast yet."
        )
        return
    series = st.selectbox(
        "Series", options=list(SERIES), format_func=SERIES.__getitem__, key="forecast_series"
    )
    frame = queries.monthly_forecast(snapshot, series)
    st.altair_chart(forecast_with_interval(frame, SERIES[series]), width="stretch")
    table(frame)


if __name__ == "__main__":
    render(snapshot_path())
