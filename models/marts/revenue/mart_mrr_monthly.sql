/* MRR per customer: one row per customer account and month from its creation month, with the MRR
at month end (price of the tier held on the month's last day; 0 on Free) and its movement since the
month before (lag): new, reactivation (paying again after having had MRR), expansion, contraction,
churn (to 0), unchanged. Grain: (mrr_month, account_id). Customers only (core.dim_accounts
.is_customer): internal and test accounts are not MRR. Details: docs/models/revenue.md. */
MODEL (
  name marts.mart_mrr_monthly,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column mrr_month
  ),
  cron '@monthly',
  owner finance,
  grain (mrr_month, account_id),
  tags (marts, mrr),
  audits (
    unique_combination_of_columns(columns := (mrr_month, account_id)),
    not_null(columns := (mrr_month, account_id, mrr, previous_mrr, mrr_change, mrr_movement)),
    accepted_range(column := mrr, min_v := 0),
    accepted_range(column := previous_mrr, min_v := 0),
    accepted_values(
      column := mrr_movement,
      is_in := ('new', 'expansion', 'contraction', 'churn', 'reactivation', 'unchanged')
    )
  )
);

WITH first_paid_months AS (
  /* The first month at whose end the account held a paid tier: a run of paid days covers the end
  of the month it starts in only if it lasts into the next month. */
  SELECT
    account_id,
    MIN(CAST(DATE_TRUNC('month', first_day) AS DATE)) AS first_paid_month
  FROM core.dim_account_tier_days
  WHERE
    is_paid
    AND COALESCE(end_day, CAST('9999-12-31' AS DATE)) >= CAST(DATE_TRUNC('month', first_day) + INTERVAL '1' MONTH AS DATE)
  GROUP BY
    account_id
), month_end_mrr AS (
  SELECT
    month_start AS mrr_month,
    account_id,
    pricing_plan,
    monthly_price AS mrr
  FROM core.fct_account_months
  WHERE
    is_customer AND month_start BETWEEN CAST(@start_date - INTERVAL '1' MONTH AS DATE) AND @end_date
), with_previous AS (
  SELECT
    mrr_month,
    account_id,
    pricing_plan,
    mrr,
    COALESCE(LAG(mrr) OVER (PARTITION BY account_id ORDER BY mrr_month), 0) AS previous_mrr
  FROM month_end_mrr
)
SELECT
  w.mrr_month, /* First day of the month; MRR is measured at its end. */
  w.account_id, /* The account. */
  w.pricing_plan, /* Tier held at the end of the month. */
  CAST(w.mrr AS DECIMAL(12, 2)) AS mrr, /* Monthly price of the tier held at the end of the month (0 on Free), in USD. */
  CAST(w.previous_mrr AS DECIMAL(12, 2)) AS previous_mrr, /* MRR at the end of the month before (0 before the account existed), in USD. */
  CAST(w.mrr - w.previous_mrr AS DECIMAL(12, 2)) AS mrr_change, /* mrr - previous_mrr, in USD. */
  CASE
    WHEN w.previous_mrr = 0 AND w.mrr > 0 AND f.first_paid_month < w.mrr_month
    THEN 'reactivation'
    WHEN w.previous_mrr = 0 AND w.mrr > 0
    THEN 'new'
    WHEN w.previous_mrr > 0 AND w.mrr = 0
    THEN 'churn'
    WHEN w.mrr > w.previous_mrr
    THEN 'expansion'
    WHEN w.mrr < w.previous_mrr
    THEN 'contraction'
    ELSE 'unchanged'
  END AS mrr_movement, /* new, expansion, contraction, churn, reactivation or unchanged. */
  w.mrr > 0 AS is_paying /* TRUE when the account has MRR at the end of the month. */
FROM with_previous AS w
LEFT JOIN first_paid_months AS f
  ON f.account_id = w.account_id
WHERE
  w.mrr_month BETWEEN @start_date AND @end_date
