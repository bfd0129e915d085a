/* What the accountant expects to charge in a month before it starts: one row per charge month and
paying account (internal ones included, flagged). Grain: (charge_month, account_id). The account
is assumed to keep for the whole month the tier it held at the end of the month before
(core.fct_account_months of tiers_as_of_month), so it owes the full price; accounts created during
the charge month are not expected (they are new in the variance). Details: docs/models/billing.md. */
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

SELECT
  CAST(m.month_start + INTERVAL '1' MONTH AS DATE) AS charge_month, /* First day of the month to be charged. */
  m.month_start AS tiers_as_of_month, /* First day of the month whose end fixes the tiers (charge_month minus one month). */
  m.account_id, /* The paying account. */
  m.pricing_plan, /* Tier held at the end of tiers_as_of_month: Medium or Enterprise. */
  m.payment_method, /* card (Medium) or invoice (Enterprise). */
  CAST(m.monthly_price AS DECIMAL(12, 2)) AS expected_amount, /* Full monthly price of the tier, in USD. */
  m.is_internal_account /* TRUE for DogDB's own and test accounts: charged all the same, but not customers. */
FROM core.fct_account_months AS m
WHERE
  m.is_paid AND m.month_start BETWEEN @start_date AND @end_date
