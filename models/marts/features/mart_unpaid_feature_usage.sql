/* Question 4: usage without access. One row per usage event of a feature that neither the tier in
force at that moment (@in_force_at) nor a running trial entitled. Grain: event_id. Reason: account
unknown (orphan), unknown feature, used after a trial ended, used after a downgrade, or never in
the plan. Details: docs/models/features.md. */
MODEL (
  name marts.mart_unpaid_feature_usage,
  kind INCREMENTAL_BY_TIME_RANGE (
    /* The time column is the event's UTC day, a DATE: engines that replace a batch by overwriting
    partitions (Spark) partition the table by it, one partition per day. A timestamp would make one
    partition per instant (Hive's metastore refuses TIMESTAMP_NTZ partition columns), and without
    partitions Spark's INSERT OVERWRITE replaces the whole table with each yearly batch. */
    time_column usage_date,
    batch_size 365
  ),
  owner product_analytics,
  cron '@daily',
  grain event_id,
  tags (marts, features),
  audits (
    unique_values(columns := (event_id)),
    not_null(columns := (event_id, account_id, feature_key, occurred_at, reason)),
    accepted_values(column := reason, is_in := ('account unknown', 'unknown feature', 'used after trial ended', 'used after downgrade', 'feature never in plan'))
  )
);

WITH events AS (
  SELECT
    event_id,
    account_id,
    license_id,
    feature_key,
    occurred_at
  FROM core.fct_product_usage_events
  WHERE
    occurred_at BETWEEN @start_ts AND @end_ts
), tier_then AS (
  SELECT
    e.event_id,
    e.account_id,
    e.license_id,
    e.feature_key,
    e.occurred_at,
    a.pricing_plan,
    COALESCE(a.is_inferred_member, TRUE) AS is_orphan_account
  FROM events AS e
  LEFT JOIN core.dim_accounts AS a
    ON a.account_id = e.account_id AND @in_force_at(e.occurred_at, a.valid_from, a.valid_to)
), not_by_plan AS (
  SELECT
    t.event_id,
    t.account_id,
    t.license_id,
    t.feature_key,
    t.occurred_at,
    t.pricing_plan,
    t.is_orphan_account
  FROM tier_then AS t
  LEFT JOIN core.dim_plan_entitlements AS p
    ON p.pricing_plan = t.pricing_plan AND p.feature_key = t.feature_key
  WHERE
    p.feature_key IS NULL
), history AS (
  SELECT
    n.event_id,
    MAX(CASE WHEN tr.starts_at <= n.occurred_at AND tr.ends_at > n.occurred_at THEN 1 ELSE 0 END) AS on_trial,
    MAX(CASE WHEN tr.ends_at <= n.occurred_at THEN 1 ELSE 0 END) AS had_trial_before
  FROM not_by_plan AS n
  INNER JOIN core.fct_feature_trials AS tr
    ON tr.account_id = n.account_id AND tr.feature_key = n.feature_key
  GROUP BY
    n.event_id
), earlier_entitlement AS (
  SELECT DISTINCT
    n.event_id
  FROM not_by_plan AS n
  INNER JOIN core.dim_accounts AS a
    ON a.account_id = n.account_id AND a.valid_from < n.occurred_at
  INNER JOIN core.dim_plan_entitlements AS p
    ON p.pricing_plan = a.pricing_plan AND p.feature_key = n.feature_key
)
SELECT
  n.event_id, /* Telemetry event id. */
  n.account_id, /* Account that used the feature (orphan ids kept). */
  n.license_id, /* License that used it (may be unknown). */
  n.feature_key, /* Feature used without access. */
  n.occurred_at, /* When it was used (UTC). */
  CAST(n.occurred_at AS DATE) AS usage_date, /* UTC day of the use; the model's time column. */
  n.pricing_plan AS pricing_plan_then, /* Tier the account held at that moment (NULL for orphans). */
  CASE
    WHEN n.is_orphan_account THEN 'account unknown'
    WHEN f.feature_key IS NULL THEN 'unknown feature'
    WHEN COALESCE(h.had_trial_before, 0) = 1 THEN 'used after trial ended'
    WHEN NOT x.event_id IS NULL THEN 'used after downgrade'
    ELSE 'feature never in plan'
  END AS reason /* Why the account had no access: see the model description. */
FROM not_by_plan AS n
LEFT JOIN history AS h
  ON h.event_id = n.event_id
LEFT JOIN earlier_entitlement AS x
  ON x.event_id = n.event_id
LEFT JOIN core.dim_features AS f
  ON f.feature_key = n.feature_key
WHERE
  COALESCE(h.on_trial, 0) = 0
