/* Question 4, how often: one row per month (UTC) and reason of unpaid use, against all usage
events of the month. Grain: (usage_month, reason). unpaid_rate = unpaid_events / all_events. */
MODEL (
  name marts.mart_unpaid_usage_monthly,
  kind FULL,
  owner product_analytics,
  cron '@daily',
  grain (usage_month, reason),
  tags (marts, features),
  audits (
    unique_combination_of_columns(columns := (usage_month, reason)),
    not_null(columns := (usage_month, reason, unpaid_events, all_events, unpaid_rate))
  )
);

WITH all_events AS (
  SELECT
    CAST(DATE_TRUNC('month', usage_date) AS DATE) AS usage_month,
    SUM(event_count) AS all_events
  FROM core.fct_feature_usage_daily
  GROUP BY
    CAST(DATE_TRUNC('month', usage_date) AS DATE)
), unpaid AS (
  SELECT
    CAST(DATE_TRUNC('month', occurred_at) AS DATE) AS usage_month,
    reason,
    COUNT(*) AS unpaid_events,
    COUNT(DISTINCT account_id) AS accounts
  FROM marts.mart_unpaid_feature_usage
  GROUP BY
    CAST(DATE_TRUNC('month', occurred_at) AS DATE),
    reason
)
SELECT
  u.usage_month, /* Month of use (first day, UTC). */
  u.reason, /* Why the account had no access (see marts.mart_unpaid_feature_usage). */
  CAST(u.unpaid_events AS BIGINT) AS unpaid_events, /* Unpaid usage events of the month with this reason. */
  CAST(u.accounts AS BIGINT) AS accounts, /* Distinct accounts behind them. */
  CAST(a.all_events AS BIGINT) AS all_events, /* All usage events of the month (every reason, paid or not). */
  CAST(u.unpaid_events AS DOUBLE) / a.all_events AS unpaid_rate /* unpaid_events / all_events. */
FROM unpaid AS u
INNER JOIN all_events AS a
  ON a.usage_month = u.usage_month
