/* Who can use which feature when: one row per account, feature, source and uninterrupted access
interval [valid_from, valid_to). Grain: (account_id, feature_key, access_source, valid_from).
plan: the tier held on each day (core.dim_account_tier_days, end of the UTC day) entitles the
feature, from that day's midnight to the next; trial: a sales trial's own range. Touching or
overlapping intervals of one source are merged. No row: no access. Details: docs/models/features.md. */
MODEL (
  name core.fct_feature_access_intervals,
  kind FULL,
  owner product_analytics,
  grain (account_id, feature_key, access_source, valid_from),
  tags (core, fact, features),
  audits (
    unique_combination_of_columns(columns := (account_id, feature_key, access_source, valid_from)),
    not_null(columns := (account_id, feature_key, access_source, valid_from)),
    accepted_values(column := access_source, is_in := ('plan', 'trial'))
  )
);

WITH grants AS (
  SELECT
    d.account_id,
    e.feature_key,
    'plan' AS access_source,
    CAST(d.first_day AS TIMESTAMP) AS valid_from,
    COALESCE(CAST(d.end_day AS TIMESTAMP), CAST('9999-12-31 00:00:00' AS TIMESTAMP)) AS valid_to
  FROM core.dim_account_tier_days AS d
  INNER JOIN core.dim_plan_entitlements AS e
    ON e.pricing_plan = d.pricing_plan
  UNION ALL
  SELECT
    account_id,
    feature_key,
    'trial' AS access_source,
    starts_at AS valid_from,
    ends_at AS valid_to
  FROM core.fct_feature_trials
  WHERE
    ends_at > starts_at
), ordered AS (
  SELECT
    account_id,
    feature_key,
    access_source,
    valid_from,
    valid_to,
    MAX(valid_to) OVER (
      PARTITION BY account_id, feature_key, access_source
      ORDER BY valid_from, valid_to
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    ) AS previous_end
  FROM grants
), islands AS (
  SELECT
    account_id,
    feature_key,
    access_source,
    valid_from,
    valid_to,
    SUM(CASE WHEN previous_end IS NULL OR valid_from > previous_end THEN 1 ELSE 0 END) OVER (
      PARTITION BY account_id, feature_key, access_source
      ORDER BY valid_from, valid_to
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS island
  FROM ordered
), merged AS (
  SELECT
    account_id,
    feature_key,
    access_source,
    MIN(valid_from) AS valid_from,
    MAX(valid_to) AS valid_to
  FROM islands
  GROUP BY
    account_id,
    feature_key,
    access_source,
    island
)
SELECT
  account_id, /* Account with access. */
  feature_key, /* Feature it can use. */
  access_source, /* plan (its tier entitles the feature) or trial (a sales-granted trial). */
  valid_from, /* Start of the access (UTC, inclusive); midnight of the first day for plan access. */
  CASE
    WHEN valid_to < CAST('9999-12-31 00:00:00' AS TIMESTAMP)
    THEN valid_to
  END AS valid_to /* End of the access (UTC, exclusive); NULL while it lasts. */
FROM merged
