/* What was owed in a month, by payment method: one row per billing month and payment method (card
for Medium, invoice for Enterprise; always both), summing marts.mart_billing_lines.
Grain: (billing_month, payment_method). The total is the sum of the lines' cents-rounded amounts. */
MODEL (
  name marts.mart_billing_totals,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column billing_month
  ),
  cron '@monthly',
  owner finance,
  grain (billing_month, payment_method),
  tags (marts, billing),
  audits (
    unique_combination_of_columns(columns := (billing_month, payment_method)),
    not_null(columns := (billing_month, payment_method, billing_lines, billed_accounts, billed_amount)),
    accepted_range(column := billed_amount, min_v := 0),
    billing_totals_match_lines
  )
);

WITH lines AS (
  SELECT
    billing_month,
    payment_method,
    COUNT(*) AS billing_lines,
    COUNT(DISTINCT account_id) AS billed_accounts,
    SUM(days_on_plan) AS billed_days,
    SUM(prorated_amount) AS prorated_amount,
    SUM(billed_amount) AS billed_amount
  FROM marts.mart_billing_lines
  WHERE
    billing_month BETWEEN @start_date AND @end_date
  GROUP BY
    billing_month,
    payment_method
)
SELECT
  m.month_start AS billing_month, /* First day of the billed month. */
  p.payment_method, /* card (Medium) or invoice (Enterprise). */
  p.pricing_plan, /* The tier billed by this payment method. */
  CAST(COALESCE(l.billing_lines, 0) AS INT) AS billing_lines, /* Billing lines of the month with this payment method. */
  CAST(COALESCE(l.billed_accounts, 0) AS INT) AS billed_accounts, /* Distinct accounts billed with this payment method. */
  CAST(COALESCE(l.billed_days, 0) AS INT) AS billed_days, /* Account-days billed with this payment method. */
  COALESCE(l.prorated_amount, 0) AS prorated_amount, /* Sum of the exact (unrounded) prorated amounts, in USD. */
  CAST(COALESCE(l.billed_amount, 0) AS DECIMAL(14, 2)) AS billed_amount /* Sum of the lines' cents-rounded billed amounts: the total charged, in USD. */
FROM core.dim_months AS m
CROSS JOIN core.dim_pricing_plans AS p
LEFT JOIN lines AS l
  ON l.billing_month = m.month_start AND l.payment_method = p.payment_method
WHERE
  p.is_paid AND m.month_start BETWEEN @start_date AND @end_date
