/* Who had access to which feature, per ISO week (Monday to Sunday, UTC): one row per week, account
and feature that the account could use that week, plus a row with access_source 'none' for each
feature the account used that week without access (unpaid use). Access comes from the plan when
the tier the account held on any day of the week entitles the feature (the tier held on a day is
the one in force at the end of that day, as for billing), or from a sales trial that overlaps the
week. Pairs with neither access nor use have no row: no row means no access. */
MODEL (
  name core.fct_feature_access_weekly,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column week_start
  ),
  owner product_analytics,
  cron '0 0 * * 1',
  grain (week_start, account_id, feature_key),
  tags (core, fact, features),
  audits (
    unique_combination_of_columns(columns := (week_start, account_id, feature_key)),
    not_null(columns := (week_start, account_id, feature_key, has_access, access_source)),
    accepted_values(column := access_source, is_in := ('plan', 'trial', 'both', 'none'))
  )
);

/* One row per reason a (week, account, feature) appears (plan, trial, use), folded by one GROUP BY:
a single aggregation over the union is cheaper than de-duplicating each source and joining them
back (7 s instead of 18 s for 28.9M rows at medium). */
WITH weeks AS (
  SELECT
    date_day AS week_start,
    CAST(date_day + INTERVAL '1' DAY AS DATE) AS first_day_end,
    CAST(date_day + INTERVAL '7' DAY AS DATE) AS week_end
  FROM core.dim_date
  WHERE
    date_day = week_start AND date_day BETWEEN @start_ds AND @end_ds
), reasons AS (
  SELECT
    w.week_start,
    a.account_id,
    e.feature_key,
    1 AS from_plan,
    0 AS from_trial,
    0 AS from_use
  FROM weeks AS w
  INNER JOIN core.dim_accounts AS a
    ON a.valid_from < w.week_end
    AND COALESCE(a.valid_to, CAST('9999-12-31 00:00:00' AS TIMESTAMP)) >= w.first_day_end
  INNER JOIN core.dim_plan_entitlements AS e
    ON e.pricing_plan = a.pricing_plan
  UNION ALL
  SELECT
    w.week_start,
    t.account_id,
    t.feature_key,
    0 AS from_plan,
    1 AS from_trial,
    0 AS from_use
  FROM weeks AS w
  INNER JOIN staging.stg_app__feature_trials AS t
    ON t.starts_at < w.week_end AND t.ends_at > w.week_start
  UNION ALL
  SELECT
    CAST(DATE_TRUNC('week', usage_date) AS DATE) AS week_start,
    account_id,
    feature_key,
    0 AS from_plan,
    0 AS from_trial,
    1 AS from_use
  FROM core.fct_feature_usage_daily
  WHERE
    usage_date BETWEEN @start_ds AND @end_ds
), flags AS (
  SELECT
    week_start,
    account_id,
    feature_key,
    MAX(from_plan) AS from_plan,
    MAX(from_trial) AS from_trial,
    MAX(from_use) AS from_use
  FROM reasons
  WHERE
    week_start BETWEEN @start_ds AND @end_ds
  GROUP BY
    week_start,
    account_id,
    feature_key
)
SELECT
  week_start, /* Monday of the ISO week (UTC). */
  account_id, /* Account (orphan ids appear only through usage, with access 'none'). */
  feature_key, /* Feature. */
  from_plan = 1 OR from_trial = 1 AS has_access, /* TRUE when the plan or a trial gave access that week. */
  CASE
    WHEN from_plan = 1 AND from_trial = 1 THEN 'both'
    WHEN from_plan = 1 THEN 'plan'
    WHEN from_trial = 1 THEN 'trial'
    ELSE 'none'
  END AS access_source, /* plan, trial, both, or none (used without access). */
  from_use = 1 AS was_used /* TRUE when the account used the feature that week. */
FROM flags
