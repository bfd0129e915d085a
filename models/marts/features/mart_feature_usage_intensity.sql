/* Question 3: which customers use their features the least, and which the most? One row per
customer and feature it can use in the latest complete ISO week of the data
(core.dim_extract_end.last_complete_week_start), with its usage over the trailing 12 weeks per
entitled user (its licenses active now, @active_licenses_now) and its percentile among the
customers with access to that feature. Grain: (account_id, feature_key). Customers:
core.dim_accounts.is_customer. */
MODEL (
  name marts.mart_feature_usage_intensity,
  kind FULL,
  owner product_analytics,
  cron '@daily',
  grain (account_id, feature_key),
  tags (marts, features),
  audits (
    unique_combination_of_columns(columns := (account_id, feature_key)),
    not_null(columns := (account_id, feature_key, events_12w, entitled_users, usage_percentile, intensity_band))
  )
);

WITH latest_week AS (
  SELECT
    last_complete_week_start AS week_start,
    CAST(last_complete_week_start + INTERVAL '7' DAY AS DATE) AS week_end
  FROM core.dim_extract_end
), with_access AS (
  SELECT DISTINCT
    i.account_id,
    i.feature_key
  FROM core.fct_feature_access_intervals AS i
  INNER JOIN latest_week AS l
    ON @overlaps(l.week_start, l.week_end, i.valid_from, i.valid_to)
  INNER JOIN core.dim_accounts AS a
    ON a.account_id = i.account_id AND a.is_current
  WHERE
    a.is_customer
), usage AS (
  SELECT
    u.account_id,
    u.feature_key,
    SUM(u.event_count) AS events_12w,
    COUNT(DISTINCT u.license_id) AS active_users_12w
  FROM core.fct_feature_usage_daily AS u
  INNER JOIN latest_week AS l
    ON u.usage_date >= CAST(l.week_start - INTERVAL '77' DAY AS DATE)
    AND u.usage_date < CAST(l.week_start + INTERVAL '7' DAY AS DATE)
  GROUP BY
    u.account_id,
    u.feature_key
), licenses_now AS (
  @active_licenses_now()
), measured AS (
  SELECT
    w.account_id,
    w.feature_key,
    COALESCE(u.events_12w, 0) AS events_12w,
    COALESCE(u.active_users_12w, 0) AS active_users_12w,
    COALESCE(l.active_licenses, 0) AS entitled_users,
    CAST(COALESCE(u.events_12w, 0) AS DOUBLE) / CASE WHEN COALESCE(l.active_licenses, 0) = 0 THEN 1 ELSE l.active_licenses END AS events_per_entitled_user
  FROM with_access AS w
  LEFT JOIN usage AS u
    ON u.account_id = w.account_id AND u.feature_key = w.feature_key
  LEFT JOIN licenses_now AS l
    ON l.account_id = w.account_id
), ranked AS (
  SELECT
    account_id,
    feature_key,
    events_12w,
    active_users_12w,
    entitled_users,
    events_per_entitled_user,
    PERCENT_RANK() OVER (PARTITION BY feature_key ORDER BY events_per_entitled_user) AS usage_percentile
  FROM measured
)
SELECT
  account_id, /* Customer (not internal, not orphan) with access to the feature in the latest complete week. */
  feature_key, /* Feature. */
  CAST(events_12w AS BIGINT) AS events_12w, /* Usage events over the trailing 12 ISO weeks. */
  CAST(active_users_12w AS BIGINT) AS active_users_12w, /* Distinct licenses that used it over those weeks. */
  CAST(entitled_users AS BIGINT) AS entitled_users, /* Licenses of the customer active now (users who could use it). */
  events_per_entitled_user, /* events_12w per entitled user (per account when it has no active license). */
  usage_percentile, /* 0 = least intensive, 1 = most, among customers with access to the same feature. */
  CASE
    WHEN usage_percentile < 0.1 THEN 'least'
    WHEN usage_percentile >= 0.9 THEN 'most'
    ELSE 'typical'
  END AS intensity_band /* least (bottom 10%), most (top 10%) or typical. */
FROM ranked
