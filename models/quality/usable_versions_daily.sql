/* The usable raw rows of the two large dated sources (interactions, usage events) per complete day,
and their distinct versions (rows identical after normalization count once), counted from raw when
the day is processed: one row per source and day. Incremental by that day with the staging tables'
14-day lookback, so a raw row staging never saw (one arriving later for an older day) is counted
nowhere, and quality_rows_accounted_for trips. Grain: (source_table, row_date). */
MODEL (
  name quality.usable_versions_daily,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column row_date,
    lookback 14
  ),
  partitioned_by row_date,
  owner analytics_engineering,
  cron '@daily',
  signals (app_load_complete()),
  grain (source_table, row_date),
  tags (quality),
  audits (
    unique_combination_of_columns(columns := (source_table, row_date)),
    not_null(columns := (source_table, row_date, usable_rows, distinct_versions))
  )
);

WITH interactions AS (
  SELECT
    CAST(created_at AS DATE) AS row_date,
    @source_columns('customer_interactions')
  FROM raw.customer_interactions
  WHERE
    created_at BETWEEN @start_ts AND @end_ts
    AND NOT @outside_complete_days(created_at)
    AND @interaction_reject_reason() IS NULL
), usage_events AS (
  SELECT
    CAST(occurred_at AS DATE) AS row_date,
    @source_columns('product_usage_events')
  FROM raw.product_usage_events
  WHERE
    occurred_at BETWEEN @start_ts AND @end_ts
    AND NOT @outside_complete_days(occurred_at)
    AND @usage_event_reject_reason() IS NULL
), counted AS (
  @versions_per_day(interactions, 'customer_interactions')
  UNION ALL
  @versions_per_day(usage_events, 'product_usage_events')
)
SELECT
  source_table, /* Raw table the rows came from: customer_interactions or product_usage_events. */
  row_date, /* UTC day of the rows' main timestamp (created or occurred at); the model's time column. */
  CAST(usable_rows AS BIGINT) AS usable_rows, /* Raw rows of the day that staging can use (no reject reason). */
  CAST(distinct_versions AS BIGINT) AS distinct_versions, /* Distinct versions among them: each is staged or recorded in quality.source_conflicts. */
  CAST(usable_rows - distinct_versions AS BIGINT) AS exact_copy_rows /* Usable rows identical to another of the day after normalization (a retried insert, a re-sent row). */
FROM counted
