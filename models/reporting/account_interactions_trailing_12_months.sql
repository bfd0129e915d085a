/* One row per account with interactions in the 12 months ending with the latest month of
reporting.account_activity_monthly: its interactions in them and its rank. Grain: account_id.
Pre-aggregated at build time so the "top accounts last 12 months" dashboard query reads ~45k rows
instead of aggregating 2.4M at large. Details: docs/models/customer_service.md. */
MODEL (
  name reporting.account_interactions_trailing_12_months,
  kind FULL,
  owner analytics_engineering,
  cron '@monthly',
  grain account_id,
  tags (reporting),
  audits (
    unique_values(columns := (account_id)),
    not_null(columns := (account_id, first_month, last_month, interactions, interactions_rank)),
    accepted_range(column := interactions, min_v := 1)
  )
);

WITH window_end AS (
  SELECT
    MAX(activity_month) AS last_month
  FROM reporting.account_activity_monthly
), trailing AS (
  SELECT
    a.account_id,
    w.last_month,
    SUM(a.interactions) AS interactions
  FROM reporting.account_activity_monthly AS a
  CROSS JOIN window_end AS w
  WHERE
    a.activity_month >= CAST(w.last_month - INTERVAL '11' MONTH AS DATE)
  GROUP BY
    a.account_id,
    w.last_month
)
SELECT
  account_id, /* Account (orphan ids included, as in reporting.account_activity_monthly). */
  CAST(last_month - INTERVAL '11' MONTH AS DATE) AS first_month, /* First month of the window (first day). */
  CAST(last_month AS DATE) AS last_month, /* Last month of the window: the latest month with interactions. */
  CAST(interactions AS BIGINT) AS interactions, /* Interactions created in the window's 12 months. */
  CAST(RANK() OVER (ORDER BY interactions DESC, account_id) AS BIGINT) AS interactions_rank /* 1 = the most interactions in the window (ties: lower account id). */
FROM trailing
