/* One row per product usage event (telemetry), as staged: the event grain that
core.fct_feature_usage_daily aggregates by day. Grain: event_id. A table incremental by day, so a
run copies and audits only its new day (a view's audits would scan every event on every run). */
MODEL (
  name core.fct_product_usage_events,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column occurred_date
  ),
  partitioned_by occurred_date,
  owner product_analytics,
  cron '@daily',
  grain event_id,
  tags (core, fact, features),
  audits (
    unique_values(columns := (event_id)),
    not_null(columns := (event_id, account_id, feature_key, occurred_at, occurred_date))
  )
);

SELECT
  event_id, /* Telemetry event id. */
  account_id, /* Account that used the feature (may be an orphan id). */
  license_id, /* License (user seat) that used it; may be unknown or NULL. */
  feature_key, /* Feature used; may be unknown to the catalog. */
  occurred_at, /* When it was used (UTC). */
  occurred_date /* UTC day of use; the model's time column. */
FROM staging.stg_app__product_usage_events
WHERE
  occurred_date BETWEEN @start_ds AND @end_ds
