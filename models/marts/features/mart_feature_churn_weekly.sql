/* Question 5: do features churn? One row per ISO week and feature with use: how many accounts used
it and how they moved (new, retained, returning after 1-3 idle weeks, reactivated after 4+), and in
the 4th idle week whether they churned (still had access: core.fct_feature_access_intervals) or
lost access. Grain: (week_start, feature_key). Features in no plan never churn or lose access;
weeks: the complete ones up to core.dim_extract_end.last_complete_week_start. Details: docs/models/features.md. */
MODEL (
  name marts.mart_feature_churn_weekly,
  kind FULL,
  owner product_analytics,
  cron '0 0 * * 1',
  grain (week_start, feature_key),
  tags (marts, features),
  audits (
    unique_combination_of_columns(columns := (week_start, feature_key)),
    not_null(columns := (week_start, feature_key, active_accounts, churned_accounts, lost_access_accounts))
  )
);

WITH weeks AS (
  /* The calendar's complete ISO weeks, up to the last one that ended by the end of the data. */
  SELECT
    d.date_day AS week_start
  FROM core.dim_date AS d
  INNER JOIN core.dim_extract_end AS x
    ON d.date_day <= x.last_complete_week_start
  WHERE
    d.date_day = d.week_start
), used_weeks AS (
  SELECT DISTINCT
    w.week_start,
    u.account_id,
    u.feature_key
  FROM core.fct_feature_usage_daily AS u
  INNER JOIN weeks AS w
    ON w.week_start = CAST(DATE_TRUNC('week', u.usage_date) AS DATE)
), planned_features AS (
  SELECT DISTINCT
    feature_key
  FROM core.dim_plan_entitlements
), sequenced AS (
  SELECT
    week_start,
    account_id,
    feature_key,
    LAG(week_start) OVER (PARTITION BY account_id, feature_key ORDER BY week_start) AS previous_use_week,
    LEAD(week_start) OVER (PARTITION BY account_id, feature_key ORDER BY week_start) AS next_use_week
  FROM used_weeks
), use_events AS (
  SELECT
    week_start,
    feature_key,
    CASE
      WHEN previous_use_week IS NULL THEN 'new'
      WHEN previous_use_week = CAST(week_start - INTERVAL '7' DAY AS DATE) THEN 'retained'
      WHEN previous_use_week >= CAST(week_start - INTERVAL '28' DAY AS DATE) THEN 'returning'
      ELSE 'reactivated'
    END AS movement
  FROM sequenced
), idle_weeks AS (
  /* The 4th week without use of a feature that some plan grants, up to the latest week with use. */
  SELECT
    CAST(s.week_start + INTERVAL '28' DAY AS DATE) AS week_start,
    CAST(s.week_start + INTERVAL '35' DAY AS DATE) AS week_end,
    s.account_id,
    s.feature_key
  FROM sequenced AS s
  INNER JOIN planned_features AS p
    ON p.feature_key = s.feature_key
  WHERE
    (s.next_use_week IS NULL OR s.next_use_week > CAST(s.week_start + INTERVAL '28' DAY AS DATE))
    AND CAST(s.week_start + INTERVAL '28' DAY AS DATE) <= (
      SELECT MAX(week_start) FROM used_weeks
    )
), idle_access AS (
  SELECT DISTINCT
    w.week_start,
    w.account_id,
    w.feature_key
  FROM idle_weeks AS w
  INNER JOIN core.fct_feature_access_intervals AS i
    ON i.account_id = w.account_id
    AND i.feature_key = w.feature_key
    AND @overlaps(w.week_start, w.week_end, i.valid_from, i.valid_to)
), idle_events AS (
  SELECT
    w.week_start,
    w.feature_key,
    CASE WHEN NOT a.account_id IS NULL THEN 'churned' ELSE 'lost access' END AS movement
  FROM idle_weeks AS w
  LEFT JOIN idle_access AS a
    ON a.week_start = w.week_start AND a.account_id = w.account_id AND a.feature_key = w.feature_key
), movements AS (
  SELECT week_start, feature_key, movement FROM use_events
  UNION ALL
  SELECT week_start, feature_key, movement FROM idle_events
)
SELECT
  week_start, /* Monday of the ISO week (UTC). */
  feature_key, /* Feature. */
  CAST(SUM(CASE WHEN movement IN ('new', 'retained', 'returning', 'reactivated') THEN 1 ELSE 0 END) AS BIGINT) AS active_accounts, /* Accounts that used the feature this week. */
  CAST(SUM(CASE WHEN movement = 'new' THEN 1 ELSE 0 END) AS BIGINT) AS new_accounts, /* First use ever of the feature by the account. */
  CAST(SUM(CASE WHEN movement = 'retained' THEN 1 ELSE 0 END) AS BIGINT) AS retained_accounts, /* Used it this week and the week before. */
  CAST(SUM(CASE WHEN movement = 'returning' THEN 1 ELSE 0 END) AS BIGINT) AS returning_accounts, /* Back after 1 to 3 weeks without use. */
  CAST(SUM(CASE WHEN movement = 'reactivated' THEN 1 ELSE 0 END) AS BIGINT) AS reactivated_accounts, /* Back after 4 or more weeks without use (had churned). */
  CAST(SUM(CASE WHEN movement = 'churned' THEN 1 ELSE 0 END) AS BIGINT) AS churned_accounts, /* 4th week without use while still having access: churned this week. */
  CAST(SUM(CASE WHEN movement = 'lost access' THEN 1 ELSE 0 END) AS BIGINT) AS lost_access_accounts /* 4th week without use and no access any more (counted apart from churn). */
FROM movements
GROUP BY
  week_start,
  feature_key
