"""Monthly forecasts with 95% prediction intervals, and their backtest, for the forecast models.

The method depends on how many months of history a series has (`choose_method`):

- 24 months or more: ETS with additive errors and an additive trend, no seasonality (statsmodels'
  ETSModel, Holt's linear method as a state-space model); its prediction interval is exact, not
  simulated.
- 3 to 23 months: an ordinary least-squares line through the months, with the classical OLS
  prediction interval (Student's t, n - 2 degrees of freedom).
- 1 or 2 months: the last value carried forward, with an interval of zero width (no spread can be
  estimated from so few points).
- A constant series of 3 months or more (every month equal) forecasts that constant, with a
  zero-width interval, whatever its length: there is no error to fit.

Counts and MRR cannot be negative, so forecasts and bounds are floored at 0. Everything here is
deterministic: the same history always gives the same numbers (no simulation, no random seed).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

HORIZON_MONTHS = 6
BACKTEST_MONTHS = 6
MIN_MONTHS_FOR_ETS = 24
MIN_MONTHS_FOR_TREND = 3
INTERVAL_LEVEL = 0.95

METHOD_ETS = "ETS additive trend"
METHOD_LINEAR = "linear trend (OLS)"
METHOD_NAIVE = "last value (too short to fit)"
METHOD_CONSTANT = "constant series"

FORECAST_COLUMNS = ["forecast", "lower_95", "upper_95"]


@dataclass(frozen=True)
class Backtest:
    """The last `window` known months forecast from the months before them."""

    errors: pd.DataFrame  # index month; columns actual, forecast, abs_pct_error (percent)
    mape: float | None  # mean of abs_pct_error over months with a non-zero actual, in percent
    fitted_through: pd.Timestamp | None  # last month the backtest fit saw
    method: str | None


def choose_method(history: pd.Series) -> str:
    """The method `fit_and_forecast` uses for this history (see the module docstring)."""
    values = history.to_numpy(dtype=float)
    if len(values) < MIN_MONTHS_FOR_TREND:
        return METHOD_NAIVE
    if np.ptp(values) == 0:
        return METHOD_CONSTANT
    if len(values) >= MIN_MONTHS_FOR_ETS:
        return METHOD_ETS
    return METHOD_LINEAR


def _check_monthly(history: pd.Series) -> None:
    index = pd.DatetimeIndex(history.index)
    if index.hasnans or (index.day != 1).any() or (index != index.normalize()).any():
        raise ValueError("history must be indexed by month starts")
    months = index.year * 12 + index.month
    if not (np.diff(months) == 1).all():
        raise ValueError("history must hold consecutive months, oldest first, without gaps")


def _ets(values: np.ndarray, horizon: int) -> np.ndarray:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    # A plain integer index: statsmodels needs a pandas series, not the calendar.
    endog = pd.Series(values, index=pd.RangeIndex(len(values)))
    with warnings.catch_warnings():
        # Convergence chatter of the optimizer; the fit is still the best one found.
        warnings.simplefilter("ignore")
        fitted = ETSModel(endog, error="add", trend="add", seasonal=None).fit(disp=False)
        frame = fitted.get_prediction(start=len(values), end=len(values) + horizon - 1)
        summary = frame.summary_frame(alpha=1 - INTERVAL_LEVEL)
    return summary[["mean", "pi_lower", "pi_upper"]].to_numpy(dtype=float)


def _linear(values: np.ndarray, horizon: int) -> np.ndarray:
    n = len(values)
    x = np.arange(n, dtype=float)
    x_mean = x.mean()
    sxx = float(((x - x_mean) ** 2).sum())
    slope = float(((x - x_mean) * (values - values.mean())).sum()) / sxx
    intercept = float(values.mean()) - slope * x_mean
    residuals = values - (intercept + slope * x)
    sigma = float(np.sqrt((residuals**2).sum() / (n - 2))) if n > 2 else 0.0
    t_value = float(stats.t.ppf(0.5 + INTERVAL_LEVEL / 2, n - 2)) if n > 2 else 0.0
    future = np.arange(n, n + horizon, dtype=float)
    mean = intercept + slope * future
    half_width = t_value * sigma * np.sqrt(1 + 1 / n + (future - x_mean) ** 2 / sxx)
    return np.column_stack([mean, mean - half_width, mean + half_width])


def fit_and_forecast(history: pd.Series, horizon: int = HORIZON_MONTHS) -> pd.DataFrame:
    """Forecast the `horizon` months after `history` (values indexed by consecutive month starts).

    Returns one row per future month (index month) with forecast, lower_95, upper_95 and method.
    An empty history gives an empty frame.
    """
    if history.empty:
        return pd.DataFrame(columns=[*FORECAST_COLUMNS, "method"], index=pd.DatetimeIndex([]))
    _check_monthly(history)
    values = history.to_numpy(dtype=float)
    method = choose_method(history)
    if method == METHOD_ETS:
        predicted = _ets(values, horizon)
    elif method == METHOD_LINEAR:
        predicted = _linear(values, horizon)
    else:  # constant or too short: the last value, no spread
        predicted = np.full((horizon, 3), values[-1])
    months = pd.date_range(
        pd.Timestamp(history.index[-1]) + pd.DateOffset(months=1), periods=horizon, freq="MS"
    )
    result = pd.DataFrame(np.clip(predicted, 0.0, None), columns=FORECAST_COLUMNS, index=months)
    result.index.name = "month"
    result["method"] = method
    return result


def backtest(history: pd.Series, window: int = BACKTEST_MONTHS) -> Backtest:
    """Forecast the last `window` months of `history` from the months before them.

    abs_pct_error is 100 * |actual - forecast| / |actual| (NULL when the actual is 0) and the MAPE
    is its mean over the window. A history of `window` months or fewer has no backtest.
    """
    if len(history) <= window:
        empty = pd.DataFrame(
            columns=["actual", "forecast", "abs_pct_error"], index=pd.DatetimeIndex([])
        )
        return Backtest(errors=empty, mape=None, fitted_through=None, method=None)
    training, actual = history.iloc[:-window], history.iloc[-window:].astype(float)
    predicted = fit_and_forecast(training, horizon=window)
    errors = pd.DataFrame({"actual": actual.to_numpy(), "forecast": predicted["forecast"]})
    errors.index.name = "month"
    nonzero = errors["actual"] != 0
    errors["abs_pct_error"] = (
        (errors["actual"] - errors["forecast"]).abs() / errors["actual"].abs() * 100
    ).where(nonzero)
    scored = errors["abs_pct_error"].dropna()
    return Backtest(
        errors=errors,
        mape=float(scored.mean()) if len(scored) else None,
        fitted_through=pd.Timestamp(training.index[-1]),
        method=str(predicted["method"].iloc[0]),
    )
