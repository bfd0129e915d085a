/* Which tier entitles which feature (seed maintained by product). */
MODEL (
  name staging.seed_plan_features,
  kind SEED (path '../../seeds/plan_features.csv'),
  owner product,
  grain (pricing_plan, feature_key),
  tags (seed),
  columns (
    pricing_plan TEXT,
    feature_key TEXT
  ),
  column_descriptions (
    pricing_plan = 'Tier that grants the feature.',
    feature_key = 'Feature granted by the tier.'
  ),
  audits (
    unique_combination_of_columns(columns := (pricing_plan, feature_key)),
    not_null(columns := (pricing_plan, feature_key))
  )
);
