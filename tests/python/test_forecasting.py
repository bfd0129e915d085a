"""The forecast: the fitting rules on synthetic series with a known answer, and the forecast models
on a real `small` build against the marts they read."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from dogdb_analytics.forecast.inputs import known_series, last_complete_month
from dogdb_analytics.forecast.methods import (
    METHOD_CONSTANT,
    METHOD_ETS,
    METHOD_LINEAR,
    METHOD_NAIVE,
    backtest,
    fit_and_forecast,
)
from dogdb_analytics.publishing.snapshot import publish


def _monthly(values: list[float] | np.ndarray, first: str = "2020-01-01") -> pd.Series:
    return pd.Series(
        np.asarray(values, dtype=float), index=pd.date_range(first, periods=len(values), freq="MS")
    )


def _trend(months: int) -> np.ndarray:
    """100 + 10 t plus a small deterministic wiggle (amplitude 3, about 1% of the level)."""
    t = np.arange(months)
    return 100 + 10 * t + 3 * np.sin(1.7 * t)


def test_known_linear_trend_is_continued_within_tolerance_and_inside_the_interval() -> None:
    history = _monthly(_trend(48))
    result = fit_and_forecast(history, horizon=6)

    truth = 100 + 10 * np.arange(48, 54)  # the trend without the wiggle: 580 ... 630
    assert list(result.index) == list(pd.date_range("2024-01-01", periods=6, freq="MS"))
    assert set(result["method"]) == {METHOD_ETS}
    # Within 1.5% of the true continuation (the wiggle alone is up to 3 / 580 = 0.5%).
    assert np.allclose(result["forecast"], truth, rtol=0.015)
    assert ((result["lower_95"] <= truth) & (truth <= result["upper_95"])).all()
    assert (result["lower_95"] < result["forecast"]).all()
    assert (result["forecast"] < result["upper_95"]).all()
    # The interval widens with the horizon.
    width = result["upper_95"] - result["lower_95"]
    assert (np.diff(width) >= 0).all()


def test_backtest_of_a_known_trend_has_a_small_mape() -> None:
    history = _monthly(_trend(48))
    result = backtest(history, window=6)

    assert list(result.errors.index) == list(history.index[-6:])
    assert result.fitted_through == pd.Timestamp("2023-06-01")
    assert result.method == METHOD_ETS
    assert np.allclose(result.errors["actual"], history.iloc[-6:])
    expected = (
        (result.errors["actual"] - result.errors["forecast"]).abs() / result.errors["actual"] * 100
    )
    assert np.allclose(result.errors["abs_pct_error"], expected)
    assert result.mape == pytest.approx(expected.mean())
    assert result.mape < 1.0  # measured 0.39%


def test_flat_series_forecasts_flat() -> None:
    exact = fit_and_forecast(_monthly([250.0] * 30))
    assert set(exact["method"]) == {METHOD_CONSTANT}
    assert (exact[["forecast", "lower_95", "upper_95"]] == 250.0).all().all()

    # Flat with a small alternating wiggle: ETS finds no trend, forecasts stay at the level.
    wiggly = fit_and_forecast(_monthly(250.0 + 2.0 * (-1.0) ** np.arange(36)))
    assert set(wiggly["method"]) == {METHOD_ETS}
    assert np.allclose(wiggly["forecast"], 250.0, atol=2.5)
    assert (wiggly["lower_95"] < 250.0).all()
    assert (wiggly["upper_95"] > 250.0).all()


def test_short_histories_degrade_to_a_line_or_the_last_value() -> None:
    line = fit_and_forecast(_monthly([10.0, 21.0, 29.0, 40.0]), horizon=3)
    assert set(line["method"]) == {METHOD_LINEAR}
    # OLS through (0, 10), (1, 21), (2, 29), (3, 40): slope 9.8, intercept 10.3.
    assert np.allclose(line["forecast"], [49.5, 59.3, 69.1])
    # Fitted 10.3, 20.1, 29.9, 39.7, residuals -0.3, 0.9, -0.9, 0.3: s = sqrt(1.8 / 2);
    # t(0.975, 2) = 4.3027; half width at x = 4: 4.3027 * s * sqrt(1 + 1/4 + 2.5^2/5) = 6.454.
    half_width = 4.302652729749464 * np.sqrt(1.8 / 2) * np.sqrt(1 + 1 / 4 + 2.5**2 / 5)
    assert half_width == pytest.approx(6.454, abs=1e-3)
    assert line["upper_95"].iloc[0] - line["forecast"].iloc[0] == pytest.approx(half_width)
    assert line["forecast"].iloc[0] - line["lower_95"].iloc[0] == pytest.approx(half_width)

    for values in ([7.0], [7.0, 12.0]):
        naive = fit_and_forecast(_monthly(values))
        assert set(naive["method"]) == {METHOD_NAIVE}
        assert (naive[["forecast", "lower_95", "upper_95"]] == values[-1]).all().all()

    assert fit_and_forecast(_monthly([])).empty
    assert backtest(_monthly([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])).mape is None


def test_forecasts_and_bounds_are_never_negative() -> None:
    falling = fit_and_forecast(_monthly([50.0, 40.0, 31.0, 20.0, 10.0]))
    assert (falling[["forecast", "lower_95", "upper_95"]] >= 0).all().all()
    assert falling["forecast"].iloc[-1] == 0.0


def test_gaps_in_the_history_are_refused() -> None:
    gappy = pd.Series(
        [1.0, 2.0, 3.0], index=pd.to_datetime(["2024-01-01", "2024-02-01", "2024-04-01"])
    )
    with pytest.raises(ValueError, match="consecutive months"):
        fit_and_forecast(gappy)


def test_last_complete_month_comes_from_the_data() -> None:
    assert last_complete_month(pd.Timestamp("2026-10-31 23:47:29")) == pd.Timestamp("2026-10-01")
    assert last_complete_month(pd.Timestamp("2026-10-31 00:00:00")) == pd.Timestamp("2026-10-01")
    assert last_complete_month(pd.Timestamp("2026-11-01 00:10:00")) == pd.Timestamp("2026-10-01")
    assert last_complete_month(pd.Timestamp("2026-10-30 12:00:00")) == pd.Timestamp("2026-09-01")
    assert last_complete_month(pd.Timestamp("2024-02-29 08:00:00")) == pd.Timestamp("2024-02-01")
    assert last_complete_month(None) is None


def test_known_series_fills_gaps_trims_leading_zeros_and_stops_at_the_complete_month() -> None:
    connection = duckdb.connect()
    connection.execute(
        "CREATE TABLE interactions AS SELECT * FROM (VALUES "
        "('a', TIMESTAMP '2024-01-05 10:00:00', DATE '2024-01-01'), "
        "('b', TIMESTAMP '2024-01-06 10:00:00', DATE '2024-01-01'), "
        "('c', TIMESTAMP '2024-03-06 10:00:00', DATE '2024-03-01'), "
        "('d', TIMESTAMP '2024-05-02 10:00:00', DATE '2024-05-01')"
        ") AS t(interaction_id, created_at, created_month)"
    )
    connection.execute(
        "CREATE TABLE mrr AS SELECT * FROM (VALUES "
        "(DATE '2023-12-01', 0.00), (DATE '2024-01-01', 0.00), (DATE '2024-02-01', 50.00), "
        "(DATE '2024-03-01', 100.00), (DATE '2024-04-01', 100.00), (DATE '2024-05-01', 150.00)"
        ") AS t(mrr_month, ending_mrr)"
    )
    series = known_series(
        lambda query: connection.sql(query.sql("duckdb")).df(), "interactions", "mrr"
    )

    # May 2024 is partial (latest interaction on May 2): April is the last complete month.
    assert series["interactions"].to_dict() == {
        pd.Timestamp("2024-01-01"): 2.0,
        pd.Timestamp("2024-02-01"): 0.0,
        pd.Timestamp("2024-03-01"): 1.0,
        pd.Timestamp("2024-04-01"): 0.0,
    }
    assert series["mrr"].to_dict() == {
        pd.Timestamp("2024-02-01"): 50.0,
        pd.Timestamp("2024-03-01"): 100.0,
        pd.Timestamp("2024-04-01"): 100.0,
    }


def _frame(warehouse: Path, query: str) -> pd.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(query).df()


def test_forecast_models_on_a_small_build(built_small_warehouse: Path, tmp_path: Path) -> None:
    forecast = _frame(
        built_small_warehouse, "SELECT * FROM forecast.monthly_forecast ORDER BY series, month"
    )
    assert set(forecast["series"]) == {"interactions", "mrr"}
    future = forecast[forecast["is_forecast"]]
    expected_months = list(pd.date_range("2026-11-01", "2027-04-01", freq="MS"))
    for _, rows in future.groupby("series"):
        assert list(pd.to_datetime(rows["month"])) == expected_months
    assert (future["lower_95"] <= future["forecast"]).all()
    assert (future["forecast"] <= future["upper_95"]).all()
    assert future["actual"].isna().all()
    assert set(pd.to_datetime(forecast["trained_through"])) == {pd.Timestamp("2026-10-01")}
    assert set(forecast["method"]) == {METHOD_ETS}

    history = forecast[~forecast["is_forecast"]].set_index(["series", "month"])["actual"]
    assert history.notna().all()
    interactions = _frame(
        built_small_warehouse,
        "SELECT created_month AS month, CAST(COUNT(DISTINCT interaction_id) AS DOUBLE) AS actual "
        "FROM core.fct_interactions WHERE created_month <= DATE '2026-10-01' "
        "GROUP BY created_month",
    )
    mrr = _frame(
        built_small_warehouse,
        "SELECT mrr_month AS month, CAST(ending_mrr AS DOUBLE) AS actual "
        "FROM marts.mart_mrr_summary_monthly "
        "WHERE mrr_month BETWEEN DATE '2019-06-01' AND DATE '2026-10-01'",
    )
    for name, source in (("interactions", interactions), ("mrr", mrr)):
        shown = history.xs(name)
        expected = source.set_index("month")["actual"].reindex(shown.index, fill_value=0.0)
        assert len(shown) > 80
        assert shown.sum() == pytest.approx(source["actual"].sum())
        assert np.allclose(shown.to_numpy(), expected.to_numpy())
    # October 2026's ending MRR of customers: 214,000 USD of every paying account at month end,
    # less the 3 internal Medium accounts (3 x 50), which are not customers.
    assert history.xs("mrr").iloc[-1] == 213850.0
    assert history.xs("interactions").iloc[-1] == 3992.0

    backtest_rows = _frame(built_small_warehouse, "SELECT * FROM forecast.forecast_backtest")
    accuracy = _frame(built_small_warehouse, "SELECT * FROM forecast.forecast_accuracy")
    accuracy = accuracy.set_index("series")
    assert (backtest_rows.groupby("series").size() == 6).all()
    for name, rows in backtest_rows.groupby("series"):
        mape = (rows["actual"] - rows["forecast"]).abs().div(rows["actual"]).mean() * 100
        assert accuracy.loc[name, "mape"] == pytest.approx(mape)
        assert accuracy.loc[name, "backtest_months"] == 6
    # At small scale MRR grows smoothly (MAPE about 1%); interactions accelerate in the last
    # months, which a linear trend underestimates (MAPE about 21%).
    assert accuracy.loc["mrr", "mape"] < 3.0
    assert 5.0 < accuracy.loc["interactions", "mape"] < 40.0

    # The dashboards read the published snapshot: the forecast schema is in it.
    snapshot = tmp_path / "published.duckdb"
    counts = publish(built_small_warehouse, snapshot)
    assert counts["forecast.monthly_forecast"] == len(forecast)
    assert counts["forecast.forecast_accuracy"] == 2
