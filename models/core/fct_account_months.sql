/* One row per account and month (UTC) from the month the account was created, with the tier held
at month end (on the month's last day, core.dim_account_tier_days), its price and the paid and
customer flags. Grain: (month_start, account_id). Inferred members have no row. A month is built
once it has ended. Read by billing, MRR, top 10 and the semantic layer. */
MODEL (
  name core.fct_account_months,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column month_start
  ),
  cron '@monthly',
  owner analytics_engineering,
  grain (month_start, account_id),
  tags (core, fact),
  audits (
    unique_combination_of_columns(columns := (month_start, account_id)),
    not_null(columns := (month_start, account_id, monthly_price, is_paid, is_customer, is_internal_account))
  )
);

WITH months AS (
  SELECT
    month_start,
    next_month_start,
    month_end
  FROM core.dim_months
  WHERE
    month_start BETWEEN @start_ds AND @end_ds
), accounts AS (
  SELECT
    account_id,
    account_created_at,
    is_customer,
    is_internal_account
  FROM core.dim_accounts
  WHERE
    is_current AND NOT is_inferred_member
)
SELECT
  m.month_start, /* First day of the month; the tier is the one held on its last day. */
  a.account_id, /* The account. */
  t.pricing_plan, /* Tier held at the end of the month: Free, Medium or Enterprise. */
  CAST(COALESCE(t.monthly_price, 0) AS DECIMAL(10, 2)) AS monthly_price, /* Monthly list price of that tier (USD; 0 on Free). */
  t.payment_method, /* none (Free), card (Medium) or invoice (Enterprise). */
  t.plan_rank, /* Rank of that tier (1 = cheapest). */
  COALESCE(t.is_paid, FALSE) AS is_paid, /* TRUE when that tier is billed (Medium, Enterprise). */
  a.is_customer, /* The account is a customer: not an internal or test account. */
  a.is_internal_account, /* DogDB's own or a test account. */
  a.account_created_at, /* When the account was created (UTC). */
  a.account_created_at >= m.month_start AS is_created_in_month /* TRUE in the month the account was created. */
FROM months AS m
INNER JOIN accounts AS a
  ON a.account_created_at < m.next_month_start
LEFT JOIN core.dim_account_tier_days AS t
  ON t.account_id = a.account_id AND @covers_day(m.month_end, t.first_day, t.end_day)
