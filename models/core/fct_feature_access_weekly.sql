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

WITH weeks AS (
  SELECT
    date_day AS week_start,
    CAST(date_day + INTERVAL '1' DAY AS DATE) AS first_day_end,
    CAST(date_day + INTERVAL '7' DAY AS DATE) AS week_end
  FROM core.dim_date
  WHERE
    date_day = week_start AND date_day BETWEEN @start_ds AND @end_ds
), plan_access AS (
  SELECT DISTINCT
    w.week_start,
    a.account_id,
    e.feature_key
  FROM weeks AS w
  INNER JOIN core.dim_accounts AS a
    ON a.valid_from < w.week_end
    AND COALESCE(a.valid_to, CAST('9999-12-31 00:00:00' AS TIMESTAMP)) >= w.first_day_end
  INNER JOIN core.dim_plan_entitlements AS e
    ON e.pricing_plan = a.pricing_plan
), trial_access AS (
  SELECT DISTINCT
    w.week_start,
    t.account_id,
    t.feature_key
  FROM weeks AS w
  INNER JOIN staging.stg_app__feature_trials AS t
    ON t.starts_at < w.week_end AND t.ends_at > w.week_start
), weekly_use AS (
  SELECT DISTINCT
    CAST(DATE_TRUNC('week', usage_date) AS DATE) AS week_start,
    account_id,
    feature_key
  FROM core.fct_feature_usage_daily
  WHERE
    usage_date BETWEEN @start_ds AND @end_ds
), pairs AS (
  SELECT week_start, account_id, feature_key FROM plan_access
  UNION
  SELECT week_start, account_id, feature_key FROM trial_access
  UNION
  SELECT week_start, account_id, feature_key FROM weekly_use
  WHERE week_start BETWEEN @start_ds AND @end_ds
)
SELECT
  p.week_start, /* Monday of the ISO week (UTC). */
  p.account_id, /* Account (orphan ids appear only through usage, with access 'none'). */
  p.feature_key, /* Feature. */
  NOT pa.feature_key IS NULL OR NOT ta.feature_key IS NULL AS has_access, /* TRUE when the plan or a trial gave access that week. */
  CASE
    WHEN NOT pa.feature_key IS NULL AND NOT ta.feature_key IS NULL THEN 'both'
    WHEN NOT pa.feature_key IS NULL THEN 'plan'
    WHEN NOT ta.feature_key IS NULL THEN 'trial'
    ELSE 'none'
  END AS access_source, /* plan, trial, both, or none (used without access). */
  NOT u.feature_key IS NULL AS was_used /* TRUE when the account used the feature that week. */
FROM pairs AS p
LEFT JOIN plan_access AS pa
  ON pa.week_start = p.week_start AND pa.account_id = p.account_id AND pa.feature_key = p.feature_key
LEFT JOIN trial_access AS ta
  ON ta.week_start = p.week_start AND ta.account_id = p.account_id AND ta.feature_key = p.feature_key
LEFT JOIN weekly_use AS u
  ON u.week_start = p.week_start AND u.account_id = p.account_id AND u.feature_key = p.feature_key
