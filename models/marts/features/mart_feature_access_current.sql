/* Question 1: who has access to each feature now. One row per feature (core.dim_features).
Grain: feature_key. "Now" is the end of the data (core.dim_extract_end.as_of_ts), not the clock.
Customers: core.dim_accounts.is_customer; access from the current tier's entitlements or a trial
running now; users are the licenses active now of the customers with access. */
MODEL (
  name marts.mart_feature_access_current,
  kind FULL,
  owner product_analytics,
  cron '@daily',
  grain feature_key,
  tags (marts, features),
  audits (
    unique_values(columns := (feature_key)),
    not_null(columns := (feature_key, customers_with_access, users_with_access, as_of))
  )
);

WITH customers AS (
  SELECT
    account_id,
    pricing_plan
  FROM core.dim_accounts
  WHERE
    is_current AND is_customer
), plan_access AS (
  SELECT
    c.account_id,
    e.feature_key
  FROM customers AS c
  INNER JOIN core.dim_plan_entitlements AS e
    ON e.pricing_plan = c.pricing_plan
), trial_access AS (
  SELECT DISTINCT
    t.account_id,
    t.feature_key
  FROM core.fct_feature_trials AS t
  INNER JOIN customers AS c
    ON c.account_id = t.account_id
  INNER JOIN core.dim_extract_end AS x
    ON @in_force_at(x.as_of_ts, t.starts_at, t.ends_at)
), access AS (
  SELECT account_id, feature_key, 1 AS via_plan, 0 AS via_trial FROM plan_access
  UNION ALL
  SELECT account_id, feature_key, 0 AS via_plan, 1 AS via_trial FROM trial_access
), account_access AS (
  SELECT
    account_id,
    feature_key,
    MAX(via_plan) AS via_plan,
    MAX(via_trial) AS via_trial
  FROM access
  GROUP BY
    account_id,
    feature_key
), active_users AS (
  @active_licenses_now()
), per_feature AS (
  SELECT
    a.feature_key,
    COUNT(*) AS customers_with_access,
    SUM(a.via_plan) AS customers_via_plan,
    SUM(CASE WHEN a.via_trial = 1 AND a.via_plan = 0 THEN 1 ELSE 0 END) AS customers_via_trial_only,
    SUM(COALESCE(u.active_licenses, 0)) AS users_with_access
  FROM account_access AS a
  LEFT JOIN active_users AS u
    ON u.account_id = a.account_id
  GROUP BY
    a.feature_key
)
SELECT
  f.feature_key, /* Feature. */
  f.feature_name, /* Display name of the feature. */
  f.cheapest_plan, /* Cheapest tier that entitles it. */
  CAST(COALESCE(p.customers_with_access, 0) AS BIGINT) AS customers_with_access, /* Customers (not internal, not orphans) with access now, by plan or trial. */
  CAST(COALESCE(p.customers_via_plan, 0) AS BIGINT) AS customers_via_plan, /* Of those, through their current tier. */
  CAST(COALESCE(p.customers_via_trial_only, 0) AS BIGINT) AS customers_via_trial_only, /* Of those, only through a running trial. */
  CAST(COALESCE(p.users_with_access, 0) AS BIGINT) AS users_with_access, /* Licenses active now in the customers with access. */
  x.as_of_ts AS as_of /* The moment "now" refers to: the end of the data (midnight after its last complete day, UTC). */
FROM core.dim_features AS f
CROSS JOIN core.dim_extract_end AS x
LEFT JOIN per_feature AS p
  ON p.feature_key = f.feature_key
