/* Conflict rate per source and load day: one row per (source, day) with at least one version that
lost a conflict. The rate is the losing versions over the raw rows of that source and day (the
day of each row's last change). The blocking audit quality_conflicts_not_systemic stops a plan when
a rate exceeds the variable conflict_rate_limit (with at least conflict_min_rows losers). */
MODEL (
  name quality.source_conflict_rates,
  kind FULL,
  owner analytics_engineering,
  grain (source_table, load_date),
  tags (quality),
  audits (
    unique_combination_of_columns(columns := (source_table, load_date)),
    not_null(columns := (source_table, load_date, raw_rows, conflicting_rows, conflict_rate)),
    quality_conflicts_not_systemic
  )
);

WITH losers AS (
  SELECT
    source_table,
    load_date,
    conflict_key,
    ROW_NUMBER() OVER (PARTITION BY source_table, load_date ORDER BY conflict_key) AS example_number
  FROM quality.source_conflicts
  WHERE
    resolution = 'lost conflict'
), daily_losers AS (
  SELECT
    source_table,
    load_date,
    COUNT(*) AS conflicting_rows,
    @sorted_string_agg(CASE WHEN example_number <= 5 THEN conflict_key END, ', ') AS example_keys
  FROM losers
  GROUP BY
    source_table,
    load_date
), raw_days AS (
  SELECT 'customer_accounts' AS source_table, CAST(COALESCE(updated_at, created_at) AS DATE) AS load_date, COUNT(*) AS raw_rows FROM raw.customer_accounts GROUP BY CAST(COALESCE(updated_at, created_at) AS DATE)
  UNION ALL
  SELECT 'customer_interactions', CAST(created_at AS DATE), COUNT(*) FROM raw.customer_interactions GROUP BY CAST(created_at AS DATE)
  UNION ALL
  SELECT 'customer_licenses', CAST(COALESCE(updated_at, created_at) AS DATE), COUNT(*) FROM raw.customer_licenses GROUP BY CAST(COALESCE(updated_at, created_at) AS DATE)
  UNION ALL
  SELECT 'account_tier_changes', CAST(changed_at AS DATE), COUNT(*) FROM raw.account_tier_changes GROUP BY CAST(changed_at AS DATE)
  UNION ALL
  SELECT 'feature_trials', CAST(starts_at AS DATE), COUNT(*) FROM raw.feature_trials GROUP BY CAST(starts_at AS DATE)
  UNION ALL
  SELECT 'product_usage_events', CAST(occurred_at AS DATE), COUNT(*) FROM raw.product_usage_events GROUP BY CAST(occurred_at AS DATE)
)
SELECT
  l.source_table, /* Raw table (schema raw). */
  l.load_date, /* Load day (UTC): the day of the rows' last change. */
  CAST(d.raw_rows AS BIGINT) AS raw_rows, /* Raw rows of the source on that day. */
  CAST(l.conflicting_rows AS BIGINT) AS conflicting_rows, /* Versions that lost a conflict that day. */
  CAST(l.conflicting_rows AS DOUBLE) / d.raw_rows AS conflict_rate, /* conflicting_rows / raw_rows. */
  l.example_keys /* Up to 5 of the day's conflicting keys, sorted. */
FROM daily_losers AS l
INNER JOIN raw_days AS d
  ON d.source_table = l.source_table AND d.load_date = l.load_date
