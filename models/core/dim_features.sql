/* Product features: one row per feature of the catalog, with the cheapest tier that entitles it.
Grain: feature_key. Telemetry may report features missing here; the usage fact flags those. */
MODEL (
  name core.dim_features,
  kind FULL,
  owner product_analytics,
  grain feature_key,
  tags (core, dimension, features),
  audits (
    unique_values(columns := (feature_key)),
    not_null(columns := (feature_key, feature_name))
  )
);

WITH cheapest_plan AS (
  SELECT
    e.feature_key,
    MIN(p.plan_rank) AS min_plan_rank
  FROM staging.seed_plan_features AS e
  INNER JOIN staging.seed_pricing_plans AS p
    ON p.pricing_plan = e.pricing_plan
  GROUP BY
    e.feature_key
)
SELECT
  f.feature_key, /* Stable key of the feature, as telemetry reports it. */
  f.feature_name, /* Display name. */
  f.feature_category, /* Product area: core, reliability, integration, performance, security. */
  f.released_on, /* Date the feature became available. */
  p.pricing_plan AS cheapest_plan /* Cheapest tier that entitles the feature (NULL if none does). */
FROM staging.seed_features AS f
LEFT JOIN cheapest_plan AS c
  ON c.feature_key = f.feature_key
LEFT JOIN staging.seed_pricing_plans AS p
  ON p.plan_rank = c.min_plan_rank
