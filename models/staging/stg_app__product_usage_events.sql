/* Product telemetry, one row per event_id. Events that reference unknown features or licenses are
kept (the usage fact flags them); only rows that cannot be attributed at all are quarantined. An
event_id sent again is one event: an exact copy is dropped, a copy with another payload is a
conflict resolved by its version rule (macros/source_rules.py) and recorded in quality.source_conflicts. */
MODEL (
  name staging.stg_app__product_usage_events,
  kind VIEW,
  owner analytics_engineering,
  grain event_id,
  tags (staging),
  audits (
    unique_values(columns := (event_id)),
    not_null(columns := (event_id, account_id, feature_key, occurred_at))
  )
);

WITH source AS (
  SELECT
    event_id,
    account_id,
    LOWER(TRIM(license_id)) AS license_id,
    COALESCE(@normalize_feature_key(feature_key), 'unknown') AS feature_key,
    occurred_at
  FROM raw.product_usage_events
  WHERE
    @usage_event_reject_reason() IS NULL
), repeated_ids AS (
  /* Ids that occur more than once: only they need ranking. The other rows pass straight through,
  so a filter on occurred_at (the incremental fact reads one batch) reaches the raw scan. */
  SELECT
    event_id
  FROM raw.product_usage_events
  WHERE
    NOT event_id IS NULL
  GROUP BY
    event_id
  HAVING
    COUNT(*) > 1
), ranked AS (
  SELECT
    event_id,
    account_id,
    license_id,
    feature_key,
    occurred_at,
    @version_rank('product_usage_events') AS version_rank
  FROM source
  WHERE
    event_id IN (SELECT event_id FROM repeated_ids)
), versions AS (
  SELECT
    event_id,
    account_id,
    license_id,
    feature_key,
    occurred_at
  FROM source
  WHERE
    NOT event_id IN (SELECT event_id FROM repeated_ids)
  UNION ALL
  SELECT
    event_id,
    account_id,
    license_id,
    feature_key,
    occurred_at
  FROM ranked
  WHERE
    version_rank = 1
)
SELECT
  CAST(event_id AS BIGINT) AS event_id, /* Telemetry event id. */
  CAST(account_id AS INT) AS account_id, /* Account that used the feature (may be an orphan id). */
  license_id, /* License (user seat) that used the feature; may be unknown. */
  feature_key, /* Feature used (snake case: 'Query Console' -> query_console); 'unknown' when missing. */
  occurred_at /* When the feature was used (UTC). */
FROM versions
