/* Price list of DogDB's tiers (seed maintained by finance). The price is read as DOUBLE, as
SQLMesh's CSV reader hands it over (a float): Spark refuses floats for a DECIMAL column when
SQLMesh loads the seed, so the exact DECIMAL(10, 2) type is given in core.dim_pricing_plans. The
prices have two decimals at most, and a double holds them exactly enough for that cast. */
MODEL (
  name staging.seed_pricing_plans,
  kind SEED (path '../../seeds/pricing_plans.csv'),
  owner finance,
  grain pricing_plan,
  tags (seed),
  columns (
    pricing_plan TEXT,
    monthly_price DOUBLE,
    payment_method TEXT,
    plan_rank INT
  ),
  column_descriptions (
    pricing_plan = 'Tier name: Free, Medium or Enterprise.',
    monthly_price = 'List price per month in USD, as written in the CSV (two decimals).',
    payment_method = 'How the tier is charged: none, card or invoice.',
    plan_rank = 'Order of the tiers from cheapest (1) to dearest.'
  ),
  audits (unique_values(columns := (pricing_plan)), not_null(columns := (pricing_plan, monthly_price)))
);
