/* Licenses (user seats): one row per license, with the interval in which it counted as active
(a disabled license from created_at to updated_at, an active one from created_at on).
Grain: license_id. is_orphan_account flags licenses of accounts missing from the extract. */
MODEL (
  name core.dim_licenses,
  kind FULL,
  owner analytics_engineering,
  grain license_id,
  tags (core, dimension),
  audits (
    unique_values(columns := (license_id)),
    not_null(columns := (license_id, account_id, role, status, active_from, is_orphan_account))
  )
);

SELECT
  l.license_id, /* License id from the app's JSON blob. */
  l.account_id, /* Account holding the license; joins dim_accounts (an inferred member for orphans). */
  l.role, /* developer, analyst or admin. */
  l.status, /* Current status: active or disabled. */
  l.active_from, /* Start of the active interval (UTC, inclusive): the license's created_at. */
  l.active_to, /* End of the active interval (UTC, exclusive): updated_at of a disabled license, else NULL. */
  l.created_at, /* When the license was created (UTC). */
  l.updated_at, /* Last change of the license (UTC). */
  a.account_id IS NULL AS is_orphan_account /* TRUE when the account is missing from the accounts extract. */
FROM staging.stg_app__customer_licenses AS l
LEFT JOIN staging.stg_app__customer_accounts AS a
  ON a.account_id = l.account_id
