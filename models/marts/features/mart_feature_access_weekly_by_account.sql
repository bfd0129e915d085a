/* Question 2: which features did a customer have access to in a given ISO week? One row per week
and account that had access to at least one feature, with the features listed. */
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

SELECT
  week_start, /* Monday of the ISO week (UTC). */
  account_id, /* Account. */
  CAST(COUNT(*) AS INT) AS features_with_access, /* Number of features the account could use that week. */
  CAST(SUM(CASE WHEN access_source IN ('trial', 'both') THEN 1 ELSE 0 END) AS INT) AS features_on_trial, /* Of those, covered by a trial. */
  STRING_AGG(feature_key, ', ' ORDER BY feature_key) AS feature_keys /* The features, alphabetically, comma separated. */
FROM core.fct_feature_access_weekly
WHERE
  has_access AND week_start BETWEEN @start_ds AND @end_ds
GROUP BY
  week_start,
  account_id
