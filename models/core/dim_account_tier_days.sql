/* The tier held on each day: one row per account and run of days [first_day, end_day) whose
end-of-day tier is one version of core.dim_accounts. Grain: (account_id, first_day).
Rule (product.md, billing): the tier held on a day is the one in force at the end of that UTC day,
so a version that ends on the day it starts holds no day. Inferred members keep one row without a
tier. Billing, MRR, access and every reader of "the tier on day d" use @covers_day on this model. */
MODEL (
  name core.dim_account_tier_days,
  kind FULL,
  owner analytics_engineering,
  grain (account_id, first_day),
  tags (core, dimension, scd2),
  audits (
    unique_combination_of_columns(columns := (account_id, first_day)),
    not_null(columns := (account_id, first_day, is_paid, is_customer, is_inferred_member))
  )
);

WITH versions AS (
  SELECT
    account_id,
    pricing_plan,
    CAST(valid_from AS DATE) AS first_day,
    CAST(valid_to AS DATE) AS end_day,
    is_customer,
    is_internal_account,
    is_inferred_member
  FROM core.dim_accounts
)
SELECT
  v.account_id, /* The account (orphan ids: the inferred member, without a tier). */
  v.first_day, /* First day (UTC) whose end-of-day tier is pricing_plan. */
  v.end_day, /* Day after the last such day (exclusive); NULL while the tier is current. */
  v.pricing_plan, /* Tier held on those days: Free, Medium or Enterprise; NULL for inferred members. */
  p.monthly_price, /* List price of the tier per month (USD); NULL without a tier. */
  p.payment_method, /* none (Free), card (Medium) or invoice (Enterprise); NULL without a tier. */
  p.plan_rank, /* 1 = cheapest tier; NULL without a tier. */
  COALESCE(p.is_paid, FALSE) AS is_paid, /* TRUE on a billed tier (core.dim_pricing_plans.is_paid). */
  v.is_customer, /* The account is a customer (core.dim_accounts.is_customer). */
  v.is_internal_account, /* DogDB's own or a test account (billed, but not a customer). */
  v.is_inferred_member /* TRUE for the late-arriving member of an orphan id. */
FROM versions AS v
LEFT JOIN core.dim_pricing_plans AS p
  ON p.pricing_plan = v.pricing_plan
WHERE
  v.end_day IS NULL OR v.end_day > v.first_day
