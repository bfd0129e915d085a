/* Question 2: which features did a customer have access to in a given ISO week? One row per week
and account with access to at least one feature, the features listed. Grain: (week_start,
account_id). A week gives access when an interval of core.fct_feature_access_intervals overlaps it
(the tier held on any of its days, or a trial). Details: docs/models/features.md. */
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
    date_day AS week_start,
    CAST(date_day + INTERVAL '7' DAY AS DATE) AS week_end
  FROM core.dim_date
  WHERE
    date_day = week_start AND date_day BETWEEN @start_ds AND @end_ds
), access AS (
  SELECT
    w.week_start,
    i.account_id,
    i.feature_key,
    MAX(CASE WHEN i.access_source = 'trial' THEN 1 ELSE 0 END) AS on_trial
  FROM weeks AS w
  INNER JOIN core.fct_feature_access_intervals AS i
    ON @overlaps(w.week_start, w.week_end, i.valid_from, i.valid_to)
  GROUP BY
    w.week_start,
    i.account_id,
    i.feature_key
), feature_bits AS (
  SELECT
    feature_key,
    CAST(POWER(2, ROW_NUMBER() OVER (ORDER BY feature_key) - 1) AS BIGINT) AS feature_bit
  FROM (
    SELECT DISTINCT
      feature_key
    FROM access
  ) AS features
), account_weeks AS (
  SELECT
    a.week_start,
    a.account_id,
    COUNT(*) AS features_with_access,
    SUM(a.on_trial) AS features_on_trial,
    SUM(b.feature_bit) AS feature_set
  FROM access AS a
  INNER JOIN feature_bits AS b
    ON b.feature_key = a.feature_key
  GROUP BY
    a.week_start,
    a.account_id
), feature_sets AS (
  SELECT
    s.feature_set,
    @sorted_string_agg(b.feature_key, ', ') AS feature_keys
  FROM (
    SELECT DISTINCT
      feature_set
    FROM account_weeks
  ) AS s
  INNER JOIN feature_bits AS b
    ON MOD(CAST(FLOOR(s.feature_set / b.feature_bit) AS BIGINT), 2) = 1
  GROUP BY
    s.feature_set
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
