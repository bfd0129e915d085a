/* Product telemetry, one row per event_id. Events that reference unknown features or licenses are
kept (the usage fact flags them); only rows that cannot be attributed at all are quarantined. An
event_id sent again is one event: an exact copy is dropped, a copy with another payload is a
conflict resolved by its version rule (macros/source_rules.py) and recorded in quality.source_conflicts.
A table incremental by day: a run stages (and audits) only its new days; the version rule still
ranks an event_id over every day it was sent on. */
MODEL (
  name staging.stg_app__product_usage_events,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column occurred_date
  ),
  partitioned_by occurred_date,
  owner analytics_engineering,
  cron '@daily',
  signals (app_load_complete()),
  grain event_id,
  tags (staging),
  audits (
    unique_values(columns := (event_id)),
    not_null(columns := (event_id, account_id, feature_key, occurred_at, occurred_date))
  )
);

WITH source AS (
  SELECT
    @source_columns('product_usage_events')
  FROM raw.product_usage_events
  WHERE
    occurred_at BETWEEN @start_ts AND @end_ts AND @usage_event_reject_reason() IS NULL
), other_days AS (
  /* Usable versions of the interval's event_ids sent on another day: the version rule ranks an
  id over its whole history, so an interval never stages a version an earlier day beats. */
  SELECT
    @source_columns('product_usage_events')
  FROM raw.product_usage_events
  WHERE
    event_id IN (SELECT event_id FROM source)
    AND NOT occurred_at BETWEEN @start_ts AND @end_ts
    AND @usage_event_reject_reason() IS NULL
), repeated_ids AS (
  /* Ids that occur more than once: only they need ranking; the other rows pass straight through. */
  SELECT
    event_id
  FROM (
    SELECT event_id FROM source
    UNION ALL
    SELECT event_id FROM other_days
  ) AS ids
  GROUP BY
    event_id
  HAVING
    COUNT(*) > 1
), ranked AS (
  SELECT
    @source_column_names('product_usage_events'),
    in_interval,
    @version_rank('product_usage_events') AS version_rank
  FROM (
    SELECT @source_column_names('product_usage_events'), TRUE AS in_interval FROM source
    UNION ALL
    SELECT @source_column_names('product_usage_events'), FALSE AS in_interval FROM other_days
  ) AS versions
  WHERE
    event_id IN (SELECT event_id FROM repeated_ids)
), versions AS (
  SELECT
    @source_column_names('product_usage_events')
  FROM source
  WHERE
    NOT event_id IN (SELECT event_id FROM repeated_ids)
  UNION ALL
  SELECT
    @source_column_names('product_usage_events')
  FROM ranked
  WHERE
    version_rank = 1 AND in_interval
)
SELECT
  CAST(event_id AS BIGINT) AS event_id, /* Telemetry event id. */
  CAST(account_id AS INT) AS account_id, /* Account that used the feature (may be an orphan id). */
  license_id, /* License (user seat) that used the feature; may be unknown. */
  feature_key, /* Feature used (snake case: 'Query Console' -> query_console); 'unknown' when missing. */
  occurred_at, /* When the feature was used (UTC). */
  CAST(occurred_at AS DATE) AS occurred_date /* UTC day of use; the model's time column (a DATE: Spark overwrites a batch by day partition). */
FROM versions
