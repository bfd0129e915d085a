"""forecast.monthly_forecast: the next 6 months of interactions and MRR, beside their history."""

from __future__ import annotations

import typing as t
from datetime import datetime

import numpy as np
import pandas as pd
from sqlmesh import ExecutionContext, model

from dogdb_analytics.forecast.methods import HORIZON_MONTHS, choose_method, fit_and_forecast
from dogdb_analytics.forecast.model_support import (
    FORECAST_MODEL_ARGUMENTS,
    float_columns,
    forecast_audits,
    month_dates,
    rows_per_series,
)

COLUMNS = {
    "series": "text",
    "month": "date",
    "is_forecast": "boolean",
    "actual": "double",
    "forecast": "double",
    "lower_95": "double",
    "upper_95": "double",
    "method": "text",
    "trained_through": "date",
}


@model(
    "forecast.monthly_forecast",
    **FORECAST_MODEL_ARGUMENTS,
    description=(
        "Monthly forecast of two series, one row per series and month: the known history "
        "(is_forecast FALSE, actual set) and the next 6 months after the last complete month "
        "(is_forecast TRUE, forecast and its 95% prediction interval set), so a chart needs only "
        "this table. Series 'interactions' counts distinct customer-service interactions of all "
        "accounts (orphans included) per UTC creation month, from core.fct_interactions; series "
        "'mrr' is ending MRR in USD per month, from marts.mart_mrr_summary_monthly. Each series "
        "starts at its first non-zero month. The last complete month comes from the data, not the "
        "clock: the month of the latest interaction if it reaches the month's last day, otherwise "
        "the month before. Method by history length (dogdb_analytics/forecast/methods.py): 24 months or "
        "more ETS with additive error and trend; 3-23 an OLS linear trend; 1-2 the last value "
        "(zero-width interval); a constant series stays constant. Forecasts and bounds are floored "
        "at 0. How good the method was on the last 6 known months: forecast.forecast_accuracy."
    ),
    columns=COLUMNS,
    column_descriptions={
        "series": "What is forecast: 'interactions' (count per month) or 'mrr' (ending MRR, USD).",
        "month": "First day of the month (UTC).",
        "is_forecast": "TRUE for the forecast months, FALSE for the known history.",
        "actual": "Known value of the month; NULL for forecast months.",
        "forecast": "Point forecast; NULL for history months.",
        "lower_95": "Lower bound of the 95% prediction interval; NULL for history months.",
        "upper_95": "Upper bound of the 95% prediction interval; NULL for history months.",
        "method": "Method fitted to the series, e.g. 'ETS additive trend' (same on every row of a series).",
        "trained_through": "Last known month used for fitting (first day of the month).",
    },
    audits=forecast_audits(["series", "month", "is_forecast", "method", "trained_through"]),
)
def execute(
    context: ExecutionContext,
    start: datetime,
    end: datetime,
    execution_time: datetime,
    **kwargs: t.Any,
) -> t.Iterator[pd.DataFrame]:
    yield from rows_per_series(context, forecast_rows, COLUMNS)


def forecast_rows(name: str, history: pd.Series) -> pd.DataFrame | None:
    """The series' known months, then its forecast months, with the method and training end."""
    if history.empty:
        return None
    known = pd.DataFrame(
        {
            "month": month_dates(history.index),
            "is_forecast": False,
            "actual": history.to_numpy(dtype=float),
            "forecast": np.nan,
            "lower_95": np.nan,
            "upper_95": np.nan,
        }
    )
    predicted = fit_and_forecast(history, HORIZON_MONTHS)
    future = pd.DataFrame(
        {
            "month": month_dates(predicted.index),
            "is_forecast": True,
            "actual": np.nan,
            **float_columns(predicted, ("forecast", "lower_95", "upper_95")),
        }
    )
    frame = pd.concat([known, future], ignore_index=True)
    frame.insert(0, "series", name)
    frame["method"] = choose_method(history)
    frame["trained_through"] = history.index[-1].date()
    return frame
