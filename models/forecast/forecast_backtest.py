"""forecast.forecast_backtest: how the forecast method did on the last 6 known months."""

from __future__ import annotations

import typing as t
from datetime import datetime

import pandas as pd
from sqlmesh import ExecutionContext, model

from dogdb_analytics.forecast.methods import BACKTEST_MONTHS, backtest
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
    "actual": "double",
    "forecast": "double",
    "abs_pct_error": "double",
    "method": "text",
    "fitted_through": "date",
}


@model(
    "forecast.forecast_backtest",
    **FORECAST_MODEL_ARGUMENTS,
    description=(
        "Backtest of forecast.monthly_forecast, one row per series and month for the last 6 known "
        "months of each series: the same method, fitted only on the months before that window "
        "(fitted_through), forecasts the window, and each month's absolute percentage error is "
        "100 * |actual - forecast| / |actual| (NULL when the actual is 0). The series, their "
        "history and the method rule are those of forecast.monthly_forecast; a series with 6 "
        "known months or fewer has no backtest. The MAPE per series (the mean of abs_pct_error) "
        "is in forecast.forecast_accuracy."
    ),
    columns=COLUMNS,
    column_descriptions={
        "series": "What is forecast: 'interactions' (count per month) or 'mrr' (ending MRR, USD).",
        "month": "First day of a backtested month (one of the last 6 known months).",
        "actual": "Known value of the month.",
        "forecast": "What the method forecast for the month from the months before the window.",
        "abs_pct_error": "Absolute percentage error, in percent (5.0 = 5%); NULL when actual is 0.",
        "method": "Method the backtest fitted (same rule as the forecast, on the shorter history).",
        "fitted_through": "Last month the backtest fit used: the month before the 6-month window.",
    },
    audits=forecast_audits(["series", "month", "actual", "forecast", "method", "fitted_through"]),
)
def execute(
    context: ExecutionContext,
    start: datetime,
    end: datetime,
    execution_time: datetime,
    **kwargs: t.Any,
) -> t.Iterator[pd.DataFrame]:
    yield from rows_per_series(context, backtest_rows, COLUMNS)


def backtest_rows(name: str, history: pd.Series) -> pd.DataFrame | None:
    """The series' last known months against the method's forecast of them, or None."""
    result = backtest(history, BACKTEST_MONTHS)
    if result.errors.empty or result.fitted_through is None:
        return None
    return pd.DataFrame(
        {
            "series": name,
            "month": month_dates(result.errors.index),
            **float_columns(result.errors, ("actual", "forecast", "abs_pct_error")),
            "method": result.method,
            "fitted_through": result.fitted_through.date(),
        }
    )
