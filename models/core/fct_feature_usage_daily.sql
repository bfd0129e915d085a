/* Feature usage from the product telemetry: one row per day (UTC), account, license and feature.
Grain: (usage_date, account_id, license_id, feature_key). Events naming a feature or license
unknown to the dimensions are kept and flagged; an event without a license gets 'unknown'.
Incremental by day, backfilled in batches of 365 days. */
MODEL (
  name core.fct_feature_usage_daily,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column usage_date,
    batch_size 365
  ),
  owner product_analytics,
  cron '@daily',
  grain (usage_date, account_id, license_id, feature_key),
  tags (core, fact, features),
  audits (
    unique_combination_of_columns(columns := (usage_date, account_id, license_id, feature_key)),
    not_null(columns := (usage_date, account_id, license_id, feature_key, event_count)),
    /* More than 20,000 uses of one feature by one license in a day is a telemetry loop, not usage:
    the audit blocks the change until the batch is fixed. */
    accepted_range(column := event_count, min_v := 1, max_v := 20000)
  )
);

WITH events AS (
  SELECT
    CAST(occurred_at AS DATE) AS usage_date,
    account_id,
    COALESCE(license_id, 'unknown') AS license_id,
    feature_key,
    event_id
  FROM staging.stg_app__product_usage_events
  WHERE
    occurred_at BETWEEN @start_ts AND @end_ts
), daily AS (
  SELECT
    usage_date,
    account_id,
    license_id,
    feature_key,
    COUNT(*) AS event_count
  FROM events
  GROUP BY
    usage_date,
    account_id,
    license_id,
    feature_key
)
SELECT
  d.usage_date, /* Day of use (UTC). */
  d.account_id, /* Account that used the feature (orphan ids kept). */
  d.license_id, /* License (user seat) that used it; 'unknown' when the event named none. */
  d.feature_key, /* Feature used, as reported by telemetry. */
  CAST(d.event_count AS BIGINT) AS event_count, /* Usage events that day. */
  NOT f.feature_key IS NULL AS is_known_feature, /* FALSE when the feature is not in core.dim_features. */
  NOT l.license_id IS NULL AS is_known_license /* FALSE when the license is not in core.dim_licenses. */
FROM daily AS d
LEFT JOIN core.dim_features AS f
  ON f.feature_key = d.feature_key
LEFT JOIN core.dim_licenses AS l
  ON l.license_id = d.license_id
