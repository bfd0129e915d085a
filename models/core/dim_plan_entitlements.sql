/* Which tier entitles which feature: one row per tier and feature it grants.
Grain: (pricing_plan, feature_key). */
MODEL (
  name core.dim_plan_entitlements,
  kind FULL,
  owner product_analytics,
  grain (pricing_plan, feature_key),
  tags (core, dimension, features),
  audits (
    unique_combination_of_columns(columns := (pricing_plan, feature_key)),
    not_null(columns := (pricing_plan, feature_key))
  )
);

SELECT
  e.pricing_plan, /* Tier: Free, Medium or Enterprise. */
  e.feature_key /* Feature the tier grants. */
FROM staging.seed_plan_features AS e
INNER JOIN staging.seed_pricing_plans AS p
  ON p.pricing_plan = e.pricing_plan
