/* What the accountant expects to charge in a month before it starts: one row per charge month and
paying account, assuming the account keeps for the whole month the tier it held at the end of the
month before (UTC), so it owes the full monthly price. The expectation for month M is built as soon
as month M-1 has ended, from the tier history as of the end of M-1 (tiers_as_of_month), so every
past expectation can be rebuilt. Free accounts and inferred members are not expected to pay;
accounts created during M are not expected either (they show up as new in the variance). */
MODEL (
  name marts.mart_expected_charges,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column tiers_as_of_month
  ),
  cron '@monthly',
  owner finance,
  grain (charge_month, account_id),
  tags (marts, billing),
  audits (
    unique_combination_of_columns(columns := (charge_month, account_id)),
    not_null(
      columns := (charge_month, tiers_as_of_month, account_id, pricing_plan, payment_method, expected_amount)
    ),
    accepted_range(column := expected_amount, min_v := 0),
    accepted_values(column := payment_method, is_in := ('card', 'invoice'))
  )
);

WITH months AS (
  SELECT
    month_start AS tiers_as_of_month,
    next_month_start AS charge_month
  FROM core.dim_date
  WHERE
    day_of_month = 1 AND month_start BETWEEN @start_date AND @end_date
), paid_plans AS (
  SELECT
    pricing_plan,
    monthly_price,
    payment_method
  FROM core.dim_pricing_plans
  WHERE
    is_paid
), tiers_at_month_end AS (
  /* The version in force at the end of the last day of the month: it started before midnight and
  ends at or after it. */
  SELECT
    m.charge_month,
    m.tiers_as_of_month,
    a.account_id,
    a.pricing_plan
  FROM core.dim_accounts AS a
  INNER JOIN months AS m
    ON a.valid_from < m.charge_month
    AND (
      a.valid_to IS NULL OR a.valid_to >= m.charge_month
    )
  WHERE
    NOT a.is_inferred_member
)
SELECT
  t.charge_month, /* First day of the month to be charged. */
  t.tiers_as_of_month, /* First day of the month whose end fixes the tiers (charge_month minus one month). */
  t.account_id, /* The paying account. */
  t.pricing_plan, /* Tier held at the end of tiers_as_of_month: Medium or Enterprise. */
  p.payment_method, /* card (Medium) or invoice (Enterprise). */
  CAST(p.monthly_price AS DECIMAL(12, 2)) AS expected_amount /* Full monthly price of the tier, in USD. */
FROM tiers_at_month_end AS t
INNER JOIN paid_plans AS p
  ON p.pricing_plan = t.pricing_plan
