/* Quarantined rows of the two large dated sources (interactions, usage events) whose timestamp is in
a complete day, one row per raw row, with the reason (the same macros as staging). Incremental by
that day with the interactions' 14-day lookback, so a run judges only its new days;
quality.quarantined_rows adds the other sources and the undated, early and build-day rows.
Grain: (source_table, row_fingerprint, duplicate_number): a fingerprint holds the timestamp. */
MODEL (
  name quality.quarantined_rows_daily,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column row_date,
    lookback 14
  ),
  partitioned_by row_date,
  owner analytics_engineering,
  cron '@daily',
  signals (app_load_complete()),
  grain (source_table, row_fingerprint, duplicate_number),
  tags (quality),
  audits (
    unique_combination_of_columns(columns := (source_table, row_fingerprint, duplicate_number)),
    not_null(columns := (source_table, reject_reason, row_fingerprint, row_timestamp, row_date))
  )
);

WITH rejected AS (
  SELECT
    @rejected_columns('customer_interactions', created_at)
  FROM raw.customer_interactions
  WHERE
    created_at BETWEEN @start_ts AND @end_ts AND NOT @outside_complete_days(created_at)
  UNION ALL
  SELECT
    @rejected_columns('product_usage_events', occurred_at)
  FROM raw.product_usage_events
  WHERE
    occurred_at BETWEEN @start_ts AND @end_ts AND NOT @outside_complete_days(occurred_at)
), quarantined AS (
  @quarantined(rejected)
)
SELECT
  source_table, /* Raw table the row came from: customer_interactions or product_usage_events. */
  reject_reason, /* Why staging could not use the row, e.g. 'null account_id'. */
  CAST(account_id AS INT) AS account_id, /* Account id of the row, when it has one. */
  row_timestamp, /* The row's main timestamp (created or occurred at; UTC). */
  raw_record, /* The raw row's values joined by ' | ' (NULL shown as NULL), for inspection. */
  row_fingerprint, /* MD5 of raw_record: identifies identical raw rows. */
  @quarantine_duplicate_number() AS duplicate_number, /* 1 for the first copy of an identical raw row, 2 for the next, ... */
  CAST(row_timestamp AS DATE) AS row_date /* UTC day of row_timestamp; the model's time column. */
FROM quarantined
