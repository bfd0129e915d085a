/* DogDB's pricing plans (tiers): one row per tier with its monthly price and payment method.
Grain: pricing_plan. "Paid" is defined here, once: is_paid = a price above zero. */
MODEL (
  name core.dim_pricing_plans,
  kind FULL,
  owner finance,
  grain pricing_plan,
  tags (core, dimension),
  audits (
    unique_values(columns := (pricing_plan)),
    not_null(columns := (pricing_plan, monthly_price, payment_method))
  )
);

SELECT
  pricing_plan, /* Tier name: Free, Medium or Enterprise. */
  CAST(monthly_price AS DECIMAL(10, 2)) AS monthly_price, /* List price per month in USD. */
  payment_method, /* none (Free), card (Medium) or invoice (Enterprise). */
  plan_rank, /* 1 = cheapest; a move to a higher rank is an upgrade. */
  monthly_price > 0 AS is_paid /* TRUE for the tiers that are billed. */
FROM staging.seed_pricing_plans
