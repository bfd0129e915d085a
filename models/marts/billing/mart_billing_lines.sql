/* What each account owes for a month, prorated by day: one line per billing month, account and
paid plan. Grain: (billing_month, account_id, pricing_plan). Each day counts price(tier held that
day) / days in month, the tier held on a day from core.dim_account_tier_days (end of the UTC day).
Medium lines are card charges, Enterprise invoices; internal accounts are billed and flagged.
billed_amount is prorated_amount rounded to cents. Details: docs/models/billing.md. */
MODEL (
  name marts.mart_billing_lines,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column billing_month
  ),
  cron '@monthly',
  owner finance,
  grain (billing_month, account_id, pricing_plan),
  tags (marts, billing),
  audits (
    unique_combination_of_columns(columns := (billing_month, account_id, pricing_plan)),
    not_null(
      columns := (billing_month, account_id, pricing_plan, payment_method, days_on_plan, prorated_amount, billed_amount)
    ),
    accepted_range(column := days_on_plan, min_v := 1),
    accepted_range(column := prorated_amount, min_v := 0),
    accepted_range(column := billed_amount, min_v := 0),
    accepted_values(column := payment_method, is_in := ('card', 'invoice')),
    billing_days_within_month,
    billing_account_month_within_highest_price
  )
);

WITH months AS (
  SELECT
    month_start AS billing_month,
    next_month_start,
    days_in_month
  FROM core.dim_months
  WHERE
    month_start BETWEEN @start_date AND @end_date
), version_months AS (
  /* Each paid run of days clipped to each month it overlaps, as day numbers [first, end) of that month. */
  SELECT
    m.billing_month,
    m.days_in_month,
    v.account_id,
    v.pricing_plan,
    v.monthly_price,
    v.payment_method,
    v.is_internal_account,
    CASE
      WHEN v.first_day > m.billing_month
      THEN CAST(EXTRACT(DAY FROM v.first_day) AS INT)
      ELSE 1
    END AS first_day_number,
    CASE
      WHEN v.end_day IS NULL OR v.end_day >= m.next_month_start
      THEN m.days_in_month + 1
      ELSE CAST(EXTRACT(DAY FROM v.end_day) AS INT)
    END AS end_day_number
  FROM core.dim_account_tier_days AS v
  INNER JOIN months AS m
    ON v.first_day < m.next_month_start
    AND COALESCE(v.end_day, CAST('9999-12-31' AS DATE)) > m.billing_month
  WHERE
    v.is_paid
), plan_days AS (
  SELECT
    billing_month,
    days_in_month,
    account_id,
    pricing_plan,
    monthly_price,
    payment_method,
    is_internal_account,
    SUM(end_day_number - first_day_number) AS days_on_plan
  FROM version_months
  GROUP BY
    billing_month,
    days_in_month,
    account_id,
    pricing_plan,
    monthly_price,
    payment_method,
    is_internal_account
), priced AS (
  SELECT
    billing_month,
    account_id,
    pricing_plan,
    payment_method,
    monthly_price,
    days_in_month,
    days_on_plan,
    is_internal_account,
    CAST(monthly_price AS DOUBLE) * days_on_plan / days_in_month AS prorated_amount
  FROM plan_days
)
SELECT
  billing_month, /* First day of the billed month. */
  account_id, /* The billed account. */
  pricing_plan, /* Paid tier billed on this line: Medium or Enterprise. */
  payment_method, /* card (Medium) or invoice (Enterprise). */
  monthly_price, /* List price of the tier for a full month, in USD. */
  CAST(days_in_month AS INT) AS days_in_month, /* Days in the billed month (28-31). */
  CAST(days_on_plan AS INT) AS days_on_plan, /* Days of the month whose end-of-day tier was this plan. */
  prorated_amount, /* Exact amount owed: monthly_price x days_on_plan / days_in_month (USD, unrounded). */
  CAST(ROUND(prorated_amount, 2) AS DECIMAL(12, 2)) AS billed_amount, /* prorated_amount rounded to cents (half away from zero): the amount charged. */
  is_internal_account /* TRUE for DogDB's own and test accounts: charged all the same, but not customers (out of MRR and customer counts). */
FROM priced
