"""The Forecast page's queries, on the forecast models of the published snapshot
(models/forecast/); the page checks that each table exists before reading it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dogdb_analytics.dashboard.snapshot import read, table_exists, values

__all__ = ["table_exists"]


FORECAST_SERIES = """
SELECT DISTINCT series FROM forecast.monthly_forecast ORDER BY series
"""

MONTHLY_FORECAST = """
SELECT series, month, is_forecast, actual, forecast, lower_95, upper_95, method, trained_through
FROM forecast.monthly_forecast
WHERE series = ?
ORDER BY month
"""

FORECAST_ACCURACY = """
SELECT series, mape, backtest_months, scored_months, trained_through, fitted_through, method,
  backtest_method
FROM forecast.forecast_accuracy
WHERE series = ?
"""

FORECAST_BACKTEST = """
SELECT month, actual, forecast, abs_pct_error, method, fitted_through
FROM forecast.forecast_backtest
WHERE series = ?
ORDER BY month
"""


def forecast_series(snapshot: Path) -> list[str]:
    return values(read(snapshot, FORECAST_SERIES))


def monthly_forecast(snapshot: Path, series: str) -> pd.DataFrame:
    return read(snapshot, MONTHLY_FORECAST, [series])


def forecast_accuracy(snapshot: Path, series: str) -> pd.DataFrame:
    return read(snapshot, FORECAST_ACCURACY, [series])


def forecast_backtest(snapshot: Path, series: str) -> pd.DataFrame:
    return read(snapshot, FORECAST_BACKTEST, [series])
