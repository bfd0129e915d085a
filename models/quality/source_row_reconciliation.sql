/* Where every raw row went, per source table: loaded into staging, quarantined (with a reason, in
quality.quarantined_rows) or removed as a duplicate; plus the rows staging kept that point at an
account missing from the accounts extract (orphans) and, for interactions, representatives that
could not be resolved. raw_rows = loaded_rows + quarantined_rows + deduplicated_rows always. */
MODEL (
  name quality.source_row_reconciliation,
  kind FULL,
  owner analytics_engineering,
  grain source_table,
  tags (quality),
  audits (
    unique_values(columns := (source_table)),
    not_null(columns := (source_table, raw_rows, loaded_rows, quarantined_rows, deduplicated_rows)),
    accepted_range(column := deduplicated_rows, min_v := 0)
  )
);

WITH accounts AS (
  SELECT account_id FROM staging.stg_app__customer_accounts
), raw_counts AS (
  SELECT 'customer_accounts' AS source_table, COUNT(*) AS raw_rows FROM raw.customer_accounts
  UNION ALL
  SELECT 'customer_interactions', COUNT(*) FROM raw.customer_interactions
  UNION ALL
  SELECT 'customer_licenses', COUNT(*) FROM raw.customer_licenses
  UNION ALL
  SELECT 'account_tier_changes', COUNT(*) FROM raw.account_tier_changes
  UNION ALL
  SELECT 'feature_trials', COUNT(*) FROM raw.feature_trials
  UNION ALL
  SELECT 'product_usage_events', COUNT(*) FROM raw.product_usage_events
), staged AS (
  SELECT 'customer_accounts' AS source_table, account_id FROM staging.stg_app__customer_accounts
  UNION ALL
  SELECT 'customer_interactions', account_id FROM staging.stg_app__customer_interactions
  UNION ALL
  SELECT 'customer_licenses', account_id FROM staging.stg_app__customer_licenses
  UNION ALL
  SELECT 'account_tier_changes', account_id FROM staging.stg_app__account_tier_changes
  UNION ALL
  SELECT 'feature_trials', account_id FROM staging.stg_app__feature_trials
  UNION ALL
  SELECT 'product_usage_events', account_id FROM staging.stg_app__product_usage_events
), staged_counts AS (
  SELECT
    s.source_table,
    COUNT(*) AS loaded_rows,
    SUM(CASE WHEN a.account_id IS NULL THEN 1 ELSE 0 END) AS orphan_account_rows
  FROM staged AS s
  LEFT JOIN accounts AS a
    ON a.account_id = s.account_id
  GROUP BY
    s.source_table
), quarantine_counts AS (
  SELECT
    source_table,
    COUNT(*) AS quarantined_rows
  FROM quality.quarantined_rows
  GROUP BY
    source_table
), unresolved_reps AS (
  SELECT
    'customer_interactions' AS source_table,
    SUM(CASE WHEN rep_resolution = 'unknown' THEN 1 ELSE 0 END) AS unknown_rep_rows,
    SUM(CASE WHEN rep_resolution = 'ambiguous' THEN 1 ELSE 0 END) AS ambiguous_rep_rows,
    SUM(CASE WHEN rep_resolution = 'not recorded' THEN 1 ELSE 0 END) AS missing_rep_rows
  FROM core.fct_interactions
)
SELECT
  r.source_table, /* Raw table (schema raw). */
  CAST(r.raw_rows AS BIGINT) AS raw_rows, /* Rows in the raw extract. */
  CAST(COALESCE(s.loaded_rows, 0) AS BIGINT) AS loaded_rows, /* Rows staging kept (one per entity). */
  CAST(COALESCE(q.quarantined_rows, 0) AS BIGINT) AS quarantined_rows, /* Rows rejected with a reason (quality.quarantined_rows). */
  CAST(r.raw_rows - COALESCE(s.loaded_rows, 0) - COALESCE(q.quarantined_rows, 0) AS BIGINT) AS deduplicated_rows, /* Duplicate extract rows (or older versions) removed by staging. */
  CAST(COALESCE(s.orphan_account_rows, 0) AS BIGINT) AS orphan_account_rows, /* Kept rows whose account is missing from the accounts extract (attached to an inferred member). */
  CAST(COALESCE(u.unknown_rep_rows, 0) AS BIGINT) AS unknown_rep_rows, /* Interactions whose rep first name matches no representative employed that day. */
  CAST(COALESCE(u.ambiguous_rep_rows, 0) AS BIGINT) AS ambiguous_rep_rows, /* Interactions whose rep first name matches several representatives employed that day. */
  CAST(COALESCE(u.missing_rep_rows, 0) AS BIGINT) AS missing_rep_rows /* Interactions with no rep name recorded. */
FROM raw_counts AS r
LEFT JOIN staged_counts AS s
  ON s.source_table = r.source_table
LEFT JOIN quarantine_counts AS q
  ON q.source_table = r.source_table
LEFT JOIN unresolved_reps AS u
  ON u.source_table = r.source_table
