/* Categorical values that staging kept as their own member because they match no known value
(after case, spacing and known variants are folded): one row per source, column and value, with
its row count. An unknown value is never dropped or split; this model makes it visible. */
MODEL (
  name quality.unrecognized_values,
  kind FULL,
  owner analytics_engineering,
  grain (source_table, column_name, column_value),
  tags (quality),
  audits (
    unique_combination_of_columns(columns := (source_table, column_name, column_value)),
    not_null(columns := (source_table, column_name, column_value, row_count))
  )
);

WITH unrecognized AS (
  SELECT
    'customer_interactions' AS source_table,
    'channel' AS column_name,
    channel AS column_value
  FROM staging.stg_app__customer_interactions
  WHERE
    NOT channel IN @known_values('channel')
  UNION ALL
  SELECT
    'customer_interactions',
    'category',
    category
  FROM staging.stg_app__customer_interactions
  WHERE
    NOT category IN @known_values('category')
  UNION ALL
  SELECT
    'product_usage_events',
    'feature_key',
    feature_key
  FROM staging.stg_app__product_usage_events
  WHERE
    NOT feature_key IN (SELECT feature_key FROM staging.seed_features)
  UNION ALL
  SELECT
    'feature_trials',
    'feature_key',
    feature_key
  FROM staging.stg_app__feature_trials
  WHERE
    NOT feature_key IN (SELECT feature_key FROM staging.seed_features)
)
SELECT
  source_table, /* Raw table the value came from. */
  column_name, /* Staging column: channel, category or feature_key. */
  column_value, /* The value as staging keeps it (normalized spelling). */
  CAST(COUNT(*) AS BIGINT) AS row_count /* Staged rows with that value. */
FROM unrecognized
GROUP BY
  source_table,
  column_name,
  column_value
