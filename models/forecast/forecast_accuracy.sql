/* Accuracy of the forecast method per series, one row per series of forecast.monthly_forecast:
the MAPE (mean absolute percentage error, in percent) of forecast.forecast_backtest, i.e. how far
off the method was, on average, when it forecast the last 6 known months from the months before
them. A MAPE of 5 means forecasts were 5% off on average; months whose actual is 0 are left out
of it, and a series too short to backtest has a NULL MAPE. */
MODEL (
  name forecast.forecast_accuracy,
  kind FULL,
  cron '@monthly',
  owner data_science,
  grain series,
  tags (forecast),
  audits (
    unique_values(columns := (series)),
    not_null(columns := (series, trained_through, method, backtest_months, scored_months))
  )
);

WITH forecast_series AS (
  SELECT
    series,
    MAX(trained_through) AS trained_through,
    MAX(method) AS method
  FROM forecast.monthly_forecast
  GROUP BY
    series
), backtest_errors AS (
  SELECT
    series,
    AVG(abs_pct_error) AS mape,
    COUNT(*) AS backtest_months,
    COUNT(abs_pct_error) AS scored_months,
    MAX(fitted_through) AS fitted_through,
    MAX(method) AS backtest_method
  FROM forecast.forecast_backtest
  GROUP BY
    series
)
SELECT
  f.series, /* What is forecast: 'interactions' (count per month) or 'mrr' (ending MRR, USD). */
  CAST(b.mape AS DOUBLE) AS mape, /* Mean absolute percentage error over the backtest, in percent (5.0 = 5%); NULL without a backtest or when every actual was 0. */
  CAST(COALESCE(b.backtest_months, 0) AS INT) AS backtest_months, /* Months in the backtest window (6, or 0 when the history is too short). */
  CAST(COALESCE(b.scored_months, 0) AS INT) AS scored_months, /* Backtest months that entered the MAPE (those with a non-zero actual). */
  f.trained_through, /* Last known month the forecast of forecast.monthly_forecast was fitted on. */
  b.fitted_through, /* Last month the backtest fit used, the month before the backtest window; NULL without a backtest. */
  f.method, /* Method of the forecast. */
  b.backtest_method /* Method the backtest fitted on its shorter history; NULL without a backtest. */
FROM forecast_series AS f
LEFT JOIN backtest_errors AS b
  ON b.series = f.series
