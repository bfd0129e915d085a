/* Question 2: which features did a customer have access to in a given ISO week? One row per week
and account with access to at least one feature, the features listed. Grain: (week_start,
account_id). A week gives access when an interval of core.fct_feature_access_intervals overlaps it
(the tier held on any of its days, or a trial); counted per span of weeks with the same features,
then spread over its weeks. Details: docs/models/features.md. */
MODEL (
  name marts.mart_feature_access_weekly_by_account,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column week_start
  ),
  owner product_analytics,
  cron '0 0 * * 1',
  grain (week_start, account_id),
  tags (marts, features),
  audits (
    unique_combination_of_columns(columns := (week_start, account_id)),
    not_null(columns := (week_start, account_id, features_with_access, feature_keys))
  )
);

WITH weeks AS (
  SELECT
    date_day AS week_start
  FROM core.dim_date
  WHERE
    date_day = week_start AND date_day BETWEEN @start_ds AND @end_ds
), week_ranges AS (
  /* Each interval as the ISO weeks it touches: from its first instant's Monday up to (excluding)
  the first Monday at or after its end; NULL: still open. */
  SELECT
    account_id,
    feature_key,
    CASE WHEN access_source = 'trial' THEN 1 ELSE 0 END AS is_trial,
    CAST(DATE_TRUNC('week', valid_from) AS DATE) AS first_week,
    CASE
      WHEN valid_to IS NULL
      THEN NULL
      WHEN valid_to = CAST(DATE_TRUNC('week', valid_to) AS TIMESTAMP)
      THEN CAST(DATE_TRUNC('week', valid_to) AS DATE)
      ELSE CAST(DATE_TRUNC('week', valid_to) + INTERVAL '7' DAY AS DATE)
    END AS end_week
  FROM core.fct_feature_access_intervals
  WHERE
    valid_from < CAST(@end_ds AS TIMESTAMP) + INTERVAL '7' DAY
    AND (valid_to IS NULL OR valid_to > CAST(@start_ds AS TIMESTAMP))
), boundaries AS (
  SELECT account_id, first_week AS boundary FROM week_ranges
  UNION
  SELECT account_id, end_week AS boundary FROM week_ranges WHERE NOT end_week IS NULL
), segments AS (
  /* Between two consecutive boundaries an account's features (and trials) do not change. */
  SELECT
    account_id,
    boundary AS segment_start,
    LEAD(boundary) OVER (PARTITION BY account_id ORDER BY boundary) AS segment_end
  FROM boundaries
), segment_access AS (
  SELECT
    s.account_id,
    s.segment_start,
    s.segment_end,
    r.feature_key,
    MAX(r.is_trial) AS on_trial
  FROM segments AS s
  INNER JOIN week_ranges AS r
    ON r.account_id = s.account_id
    AND r.first_week <= s.segment_start
    AND (r.end_week IS NULL OR r.end_week > s.segment_start)
  GROUP BY
    s.account_id,
    s.segment_start,
    s.segment_end,
    r.feature_key
), feature_bits AS (
  SELECT
    feature_key,
    CAST(POWER(2, ROW_NUMBER() OVER (ORDER BY feature_key) - 1) AS BIGINT) AS feature_bit
  FROM (
    SELECT DISTINCT
      feature_key
    FROM segment_access
  ) AS features
), account_segments AS (
  SELECT
    a.account_id,
    a.segment_start,
    a.segment_end,
    COUNT(*) AS features_with_access,
    SUM(a.on_trial) AS features_on_trial,
    SUM(b.feature_bit) AS feature_set
  FROM segment_access AS a
  INNER JOIN feature_bits AS b
    ON b.feature_key = a.feature_key
  GROUP BY
    a.account_id,
    a.segment_start,
    a.segment_end
), feature_sets AS (
  SELECT
    s.feature_set,
    @sorted_string_agg(b.feature_key, ', ') AS feature_keys
  FROM (
    SELECT DISTINCT
      feature_set
    FROM account_segments
  ) AS s
  INNER JOIN feature_bits AS b
    ON MOD(CAST(FLOOR(s.feature_set / b.feature_bit) AS BIGINT), 2) = 1
  GROUP BY
    s.feature_set
), account_weeks AS (
  /* Only now one row per week: each segment's weeks within the batch. */
  SELECT
    w.week_start,
    a.account_id,
    a.features_with_access,
    a.features_on_trial,
    a.feature_set
  FROM account_segments AS a
  INNER JOIN weeks AS w
    ON w.week_start >= a.segment_start AND (a.segment_end IS NULL OR w.week_start < a.segment_end)
)
SELECT
  w.week_start, /* Monday of the ISO week (UTC). */
  w.account_id, /* Account. */
  CAST(w.features_with_access AS INT) AS features_with_access, /* Number of features the account could use that week. */
  CAST(w.features_on_trial AS INT) AS features_on_trial, /* Of those, covered by a trial. */
  s.feature_keys /* The features, alphabetically, comma separated. */
FROM account_weeks AS w
INNER JOIN feature_sets AS s
  ON s.feature_set = w.feature_set
