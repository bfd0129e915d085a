/* Product telemetry, one row per usage event. Events that reference unknown features or licenses
are kept (the usage fact flags them); only rows that cannot be attributed at all are quarantined.
The telemetry pipeline assigns a unique event_id; the grain audit holds it to that. */
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

SELECT
  CAST(event_id AS BIGINT) AS event_id, /* Telemetry event id. */
  CAST(account_id AS INT) AS account_id, /* Account that used the feature (may be an orphan id). */
  LOWER(TRIM(license_id)) AS license_id, /* License (user seat) that used the feature; may be unknown. */
  COALESCE(LOWER(TRIM(feature_key)), 'unknown') AS feature_key, /* Feature used (lower case); may be unknown. */
  occurred_at /* When the feature was used (UTC). */
FROM raw.product_usage_events
WHERE
  @usage_event_reject_reason() IS NULL
