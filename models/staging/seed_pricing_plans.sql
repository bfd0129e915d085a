/* Price list of DogDB's tiers (seed maintained by finance). */
MODEL (
  name staging.seed_pricing_plans,
  kind SEED (path '../../seeds/pricing_plans.csv'),
  owner finance,
  grain pricing_plan,
  tags (seed),
  columns (
    pricing_plan TEXT,
    monthly_price DECIMAL(10, 2),
    payment_method TEXT,
    plan_rank INT
  ),
  column_descriptions (
    pricing_plan = 'Tier name: Free, Medium or Enterprise.',
    monthly_price = 'List price per month in USD.',
    payment_method = 'How the tier is charged: none, card or invoice.',
    plan_rank = 'Order of the tiers from cheapest (1) to dearest.'
  ),
  audits (unique_values(columns := (pricing_plan)), not_null(columns := (pricing_plan, monthly_price)))
);
