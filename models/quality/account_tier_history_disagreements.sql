/* One row per disagreement between the two tier histories: the snapshot the daily loads keep
(staging.snp_app__customer_accounts) and the change-log history of core.dim_accounts. Kinds:
tier_differs_when_loaded (a version a load opened, whose tier the log history does not hold at
that moment), current_tier_differs, deleted_in_app (the snapshot closed the account, no version
is current) and missing_in_snapshot (an account of dim_accounts no load has seen). */
MODEL (
  name quality.account_tier_history_disagreements,
  kind FULL,
  owner analytics_engineering,
  grain (account_id, disagreement, snapshot_valid_from),
  tags (quality),
  signals (app_load_complete()),
  audits (
    unique_combination_of_columns(columns := (account_id, disagreement, snapshot_valid_from)),
    not_null(columns := (account_id, disagreement))
  )
);

WITH snapshot_versions AS (
  SELECT
    account_id,
    current_tier,
    valid_from,
    valid_to
  FROM staging.snp_app__customer_accounts
), dim_versions AS (
  SELECT
    account_id,
    pricing_plan,
    valid_from,
    valid_to,
    is_current
  FROM core.dim_accounts
  WHERE
    NOT is_inferred_member
), snapshot_accounts AS (
  SELECT
    account_id,
    MAX(CASE WHEN valid_to IS NULL THEN 1 ELSE 0 END) AS has_current_version,
    MAX(valid_from) AS last_valid_from
  FROM snapshot_versions
  GROUP BY
    account_id
), when_loaded AS (
  SELECT
    s.account_id,
    'tier_differs_when_loaded' AS disagreement,
    s.valid_from AS snapshot_valid_from,
    s.valid_to AS snapshot_valid_to,
    s.current_tier AS snapshot_tier,
    d.pricing_plan AS dim_accounts_tier
  FROM snapshot_versions AS s
  LEFT JOIN dim_versions AS d
    ON d.account_id = s.account_id
    AND s.valid_from >= d.valid_from
    AND (
      d.valid_to IS NULL OR s.valid_from < d.valid_to
    )
  WHERE
    s.valid_from > CAST('1970-01-01 00:00:00' AS TIMESTAMP)
    AND s.current_tier IS DISTINCT FROM d.pricing_plan
), current_tiers AS (
  SELECT
    s.account_id,
    'current_tier_differs' AS disagreement,
    s.valid_from AS snapshot_valid_from,
    s.valid_to AS snapshot_valid_to,
    s.current_tier AS snapshot_tier,
    d.pricing_plan AS dim_accounts_tier
  FROM snapshot_versions AS s
  INNER JOIN dim_versions AS d
    ON d.account_id = s.account_id AND d.is_current
  WHERE
    s.valid_to IS NULL AND s.current_tier IS DISTINCT FROM d.pricing_plan
), deleted AS (
  SELECT
    s.account_id,
    'deleted_in_app' AS disagreement,
    s.valid_from AS snapshot_valid_from,
    s.valid_to AS snapshot_valid_to,
    s.current_tier AS snapshot_tier,
    d.pricing_plan AS dim_accounts_tier
  FROM snapshot_versions AS s
  INNER JOIN snapshot_accounts AS a
    ON a.account_id = s.account_id
    AND a.has_current_version = 0
    AND a.last_valid_from = s.valid_from
  LEFT JOIN dim_versions AS d
    ON d.account_id = s.account_id AND d.is_current
), missing AS (
  SELECT
    d.account_id,
    'missing_in_snapshot' AS disagreement,
    CAST(NULL AS TIMESTAMP) AS snapshot_valid_from,
    CAST(NULL AS TIMESTAMP) AS snapshot_valid_to,
    CAST(NULL AS TEXT) AS snapshot_tier,
    d.pricing_plan AS dim_accounts_tier
  FROM dim_versions AS d
  LEFT JOIN snapshot_accounts AS a
    ON a.account_id = d.account_id
  WHERE
    d.is_current AND a.account_id IS NULL
), disagreements AS (
  SELECT account_id, disagreement, snapshot_valid_from, snapshot_valid_to, snapshot_tier, dim_accounts_tier FROM when_loaded
  UNION ALL
  SELECT account_id, disagreement, snapshot_valid_from, snapshot_valid_to, snapshot_tier, dim_accounts_tier FROM current_tiers
  UNION ALL
  SELECT account_id, disagreement, snapshot_valid_from, snapshot_valid_to, snapshot_tier, dim_accounts_tier FROM deleted
  UNION ALL
  SELECT account_id, disagreement, snapshot_valid_from, snapshot_valid_to, snapshot_tier, dim_accounts_tier FROM missing
)
SELECT
  account_id, /* The app's account id. */
  disagreement, /* tier_differs_when_loaded, current_tier_differs, deleted_in_app or missing_in_snapshot. */
  snapshot_valid_from, /* Start of the snapshot version concerned (NULL for missing_in_snapshot). */
  snapshot_valid_to, /* End of that version (NULL while current). */
  snapshot_tier, /* Tier of the snapshot version. */
  dim_accounts_tier /* Tier core.dim_accounts holds at snapshot_valid_from (current for current_tier_differs and deleted_in_app). */
FROM disagreements
