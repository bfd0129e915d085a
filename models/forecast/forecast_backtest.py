"""forecast.forecast_backtest: how the forecast method did on the last 6 known months."""

from __future__ import annotations

import typing as t
from datetime import datetime

import pandas as pd
from sqlglot import exp
from sqlmesh import ExecutionContext, model

from dogdb_analytics.forecast.inputs import known_series
from dogdb_analytics.forecast.methods import BACKTEST_MONTHS, backtest

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
    kind="FULL",
    cron="@monthly",
    owner="data_science",
    grain="(series, month)",
    tags=["forecast"],
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
    audits=[
        ("unique_combination_of_columns", {"columns": [exp.column("series"), exp.column("month")]}),
        (
            "not_null",
            {
                "columns": [
                    exp.column("series"),
                    exp.column("month"),
                    exp.column("actual"),
                    exp.column("forecast"),
                    exp.column("method"),
                    exp.column("fitted_through"),
                ]
            },
        ),
        ("accepted_values", {"column": exp.column("series"), "is_in": ["interactions", "mrr"]}),
    ],
    depends_on=["core.fct_interactions", "marts.mart_mrr_summary_monthly"],
)
def execute(
    context: ExecutionContext,
    start: datetime,
    end: datetime,
    execution_time: datetime,
    **kwargs: t.Any,
) -> t.Iterator[pd.DataFrame]:
    series_by_name = known_series(
        context.fetchdf,
        context.resolve_table("core.fct_interactions"),
        context.resolve_table("marts.mart_mrr_summary_monthly"),
    )
    frames = []
    for name, history in series_by_name.items():
        result = backtest(history, BACKTEST_MONTHS)
        if result.errors.empty or result.fitted_through is None:
            continue
        frame = pd.DataFrame(
            {
                "series": name,
                "month": [m.date() for m in result.errors.index],
                "actual": result.errors["actual"].to_numpy(dtype=float),
                "forecast": result.errors["forecast"].to_numpy(dtype=float),
                "abs_pct_error": result.errors["abs_pct_error"].to_numpy(dtype=float),
                "method": result.method,
                "fitted_through": result.fitted_through.date(),
            }
        )
        frames.append(frame)
    if frames:
        result = pd.concat(frames, ignore_index=True)[list(COLUMNS)]
        # Missing values as None, not NaN: every engine then writes NULL (PostgreSQL keeps NaN).
        yield result.astype(object).where(result.notna(), None)
    else:  # no series long enough to backtest: an empty table
        yield from ()
