/* One row per orphan account: an account id that interactions or licenses reference but the
accounts extract lacks (an inferred member of core.dim_accounts), with how many interactions and
licenses reference it. Grain: account_id. Read by the dashboard's Data quality page. */
MODEL (
  name reporting.orphan_accounts,
  kind FULL,
  owner analytics_engineering,
  grain account_id,
  tags (reporting),
  audits (
    unique_values(columns := (account_id)),
    not_null(columns := (account_id, interactions, licenses))
  )
);

WITH orphans AS (
  SELECT DISTINCT
    account_id
  FROM core.dim_accounts
  WHERE
    is_inferred_member
), interactions AS (
  SELECT
    account_id,
    COUNT(*) AS interactions
  FROM core.fct_interactions
  WHERE
    is_orphan_account
  GROUP BY
    account_id
), licenses AS (
  SELECT
    account_id,
    COUNT(*) AS licenses
  FROM core.dim_licenses
  WHERE
    is_orphan_account
  GROUP BY
    account_id
)
SELECT
  o.account_id, /* Account id referenced by a fact but missing from the accounts extract. */
  CAST(COALESCE(i.interactions, 0) AS BIGINT) AS interactions, /* Interactions that reference it. */
  CAST(COALESCE(l.licenses, 0) AS BIGINT) AS licenses /* Licenses that reference it. */
FROM orphans AS o
LEFT JOIN interactions AS i
  ON i.account_id = o.account_id
LEFT JOIN licenses AS l
  ON l.account_id = o.account_id
