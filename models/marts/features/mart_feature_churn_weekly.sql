/* Question 5: do features churn? Per ISO week and feature, how many accounts used it and how they
move: new (first use ever), retained (also used the week before), returning (back after 1 to 3
idle weeks), reactivated (back after 4 or more idle weeks, i.e. after churning), churned (used it
4 weeks ago, not since, and still has access this week) and lost access (used it 4 weeks ago, not
since, and no longer has access). Churn is counted in the 4th idle week, up to the latest week with any usage data. Rebuilt on
Mondays, when its input, the weekly access fact, gains a week. */
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

WITH used_weeks AS (
  SELECT
    week_start,
    account_id,
    feature_key
  FROM core.fct_feature_access_weekly
  WHERE
    was_used
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
), idle_events AS (
  SELECT
    CAST(s.week_start + INTERVAL '28' DAY AS DATE) AS week_start,
    s.feature_key,
    CASE WHEN COALESCE(a.has_access, FALSE) THEN 'churned' ELSE 'lost access' END AS movement
  FROM sequenced AS s
  LEFT JOIN core.fct_feature_access_weekly AS a
    ON a.week_start = CAST(s.week_start + INTERVAL '28' DAY AS DATE)
    AND a.account_id = s.account_id
    AND a.feature_key = s.feature_key
  WHERE
    (s.next_use_week IS NULL OR s.next_use_week > CAST(s.week_start + INTERVAL '28' DAY AS DATE))
    AND CAST(s.week_start + INTERVAL '28' DAY AS DATE) <= (
      SELECT MAX(week_start) FROM used_weeks
    )
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
