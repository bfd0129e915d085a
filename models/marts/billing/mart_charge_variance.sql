/* Why a month's charges differ from what was expected: one row per billing month and account that
was expected to pay (marts.mart_expected_charges) or was billed (marts.mart_billing_lines).
Grain: (billing_month, account_id). variance = billed - expected cents; the reason (new account,
churned, upgrade, downgrade, unchanged) compares the tier held at the end of the month before with
the one at the end of the month (core.fct_account_months). Details: docs/models/billing.md. */
MODEL (
  name marts.mart_charge_variance,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column billing_month
  ),
  cron '@monthly',
  owner finance,
  grain (billing_month, account_id),
  tags (marts, billing),
  audits (
    unique_combination_of_columns(columns := (billing_month, account_id)),
    not_null(
      columns := (billing_month, account_id, expected_amount, billed_amount, variance_amount, variance_reason)
    ),
    accepted_values(
      column := variance_reason,
      is_in := ('new account', 'churned', 'upgrade', 'downgrade', 'unchanged')
    )
  )
);

WITH account_tiers AS (
  SELECT
    month_start,
    account_id,
    pricing_plan,
    monthly_price,
    plan_rank,
    account_created_at
  FROM core.fct_account_months
  WHERE
    month_start BETWEEN CAST(@start_date - INTERVAL '1' MONTH AS DATE) AND @end_date
), expected AS (
  SELECT
    charge_month AS billing_month,
    account_id,
    expected_amount
  FROM marts.mart_expected_charges
  WHERE
    charge_month BETWEEN @start_date AND @end_date
), billed AS (
  SELECT
    billing_month,
    account_id,
    SUM(billed_amount) AS billed_amount
  FROM marts.mart_billing_lines
  WHERE
    billing_month BETWEEN @start_date AND @end_date
  GROUP BY
    billing_month,
    account_id
), account_months AS (
  SELECT
    billing_month,
    account_id
  FROM expected
  UNION
  SELECT
    billing_month,
    account_id
  FROM billed
), compared AS (
  SELECT
    am.billing_month,
    am.account_id,
    ts.pricing_plan AS plan_at_start,
    te.pricing_plan AS plan_at_end,
    ts.plan_rank AS rank_at_start,
    te.plan_rank AS rank_at_end,
    COALESCE(te.monthly_price, 0) AS price_at_end,
    te.account_created_at >= am.billing_month AS is_created_in_month,
    CAST(COALESCE(e.expected_amount, 0) AS DECIMAL(12, 2)) AS expected_amount,
    CAST(COALESCE(b.billed_amount, 0) AS DECIMAL(12, 2)) AS billed_amount
  FROM account_months AS am
  LEFT JOIN expected AS e
    ON e.billing_month = am.billing_month AND e.account_id = am.account_id
  LEFT JOIN billed AS b
    ON b.billing_month = am.billing_month AND b.account_id = am.account_id
  LEFT JOIN account_tiers AS ts
    ON ts.month_start = CAST(am.billing_month - INTERVAL '1' MONTH AS DATE)
    AND ts.account_id = am.account_id
  LEFT JOIN account_tiers AS te
    ON te.month_start = am.billing_month AND te.account_id = am.account_id
)
SELECT
  billing_month, /* First day of the billed month. */
  account_id, /* The account expected to pay or billed. */
  plan_at_start, /* Tier at the end of the month before (what the expectation assumed); NULL for an account created during the month. */
  plan_at_end, /* Tier at the end of the month's last day. */
  expected_amount, /* Charge expected before the month started (full price of plan_at_start; 0 if not paying), in USD. */
  billed_amount, /* Sum of the account's cents-rounded billing lines of the month, in USD. */
  billed_amount - expected_amount AS variance_amount, /* billed_amount - expected_amount, in USD. */
  CASE
    WHEN is_created_in_month OR plan_at_start IS NULL
    THEN 'new account'
    WHEN expected_amount > 0 AND price_at_end = 0
    THEN 'churned'
    WHEN rank_at_end > rank_at_start
    THEN 'upgrade'
    WHEN rank_at_end < rank_at_start
    THEN 'downgrade'
    WHEN billed_amount > expected_amount
    THEN 'upgrade'
    WHEN billed_amount < expected_amount
    THEN 'downgrade'
    ELSE 'unchanged'
  END AS variance_reason /* Why billed differs from expected: new account, churned, upgrade, downgrade or unchanged. */
FROM compared
