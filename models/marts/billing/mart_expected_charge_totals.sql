/* The accountant's expected totals for a month before it starts: one row per charge month and
payment method (card, invoice; always both), summing marts.mart_expected_charges.
Grain: (charge_month, payment_method). Built as soon as the month before has ended. */
MODEL (
  name marts.mart_expected_charge_totals,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column tiers_as_of_month
  ),
  cron '@monthly',
  owner finance,
  grain (charge_month, payment_method),
  tags (marts, billing),
  audits (
    unique_combination_of_columns(columns := (charge_month, payment_method)),
    not_null(columns := (charge_month, tiers_as_of_month, payment_method, paying_accounts, expected_amount)),
    accepted_range(column := expected_amount, min_v := 0),
    expected_charge_totals_match_lines
  )
);

WITH expected AS (
  SELECT
    charge_month,
    payment_method,
    COUNT(account_id) AS paying_accounts,
    SUM(expected_amount) AS expected_amount
  FROM marts.mart_expected_charges
  WHERE
    tiers_as_of_month BETWEEN @start_date AND @end_date
  GROUP BY
    charge_month,
    payment_method
)
SELECT
  m.next_month_start AS charge_month, /* First day of the month to be charged. */
  m.month_start AS tiers_as_of_month, /* First day of the month whose end fixes the tiers (charge_month minus one month). */
  p.payment_method, /* card (Medium) or invoice (Enterprise). */
  p.pricing_plan, /* The tier charged by this payment method. */
  CAST(COALESCE(e.paying_accounts, 0) AS INT) AS paying_accounts, /* Accounts expected to be charged. */
  CAST(COALESCE(e.expected_amount, 0) AS DECIMAL(14, 2)) AS expected_amount /* Sum of their expected charges, in USD. */
FROM core.dim_months AS m
CROSS JOIN core.dim_pricing_plans AS p
LEFT JOIN expected AS e
  ON e.charge_month = m.next_month_start AND e.payment_method = p.payment_method
WHERE
  p.is_paid AND m.month_start BETWEEN @start_date AND @end_date
