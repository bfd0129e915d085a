/* Product features that entitlements and telemetry refer to (seed maintained by product). */
MODEL (
  name staging.seed_features,
  kind SEED (path '../../seeds/features.csv'),
  owner product,
  grain feature_key,
  tags (seed),
  columns (
    feature_key TEXT,
    feature_name TEXT,
    feature_category TEXT,
    released_on DATE
  ),
  column_descriptions (
    feature_key = 'Stable key of the feature, as telemetry reports it.',
    feature_name = 'Display name of the feature.',
    feature_category = 'Product area: core, reliability, integration, performance, security.',
    released_on = 'Date the feature became available.'
  ),
  audits (unique_values(columns := (feature_key)), not_null(columns := (feature_key)))
);
