/* Licenses, one row per license_id: the JSON blob parsed after its typographic quotes are fixed,
with the interval during which the license was active. The extract only keeps a license's current
status, so a disabled license is taken as active from created_at until updated_at and an active
one from created_at on. Duplicates of a license_id keep the latest version (one claimed by two accounts is a
conflict, recorded in quality.source_conflicts); role and status normalized; unusable rows are
quarantined. */
MODEL (
  name staging.stg_app__customer_licenses,
  kind VIEW,
  owner analytics_engineering,
  grain license_id,
  tags (staging),
  audits (
    unique_values(columns := (license_id)),
    not_null(columns := (license_id, account_id, role, status, active_from))
  )
);

WITH parsed AS (
  /* Each row's JSON is read once here; the reject rules reuse these columns. */
  SELECT
    account_id,
    @license_json_is_valid(license_data) AS is_valid_json,
    @license_json_field(license_data, license_id) AS license_id,
    @license_json_field(license_data, role) AS role,
    @license_json_field(license_data, status) AS status,
    created_at,
    updated_at
  FROM raw.customer_licenses
), source AS (
  SELECT
    account_id,
    license_id,
    @normalize_license_role(role) AS role,
    @normalize_license_status(status) AS status,
    created_at,
    COALESCE(updated_at, created_at) AS updated_at
  FROM parsed
  WHERE
    @license_reject_reason(is_valid_json, license_id, role, status) IS NULL
), ranked AS (
  SELECT
    account_id,
    license_id,
    role,
    status,
    created_at,
    updated_at,
    @version_rank('customer_licenses') AS version_rank
  FROM source
)
SELECT
  license_id, /* License id from the JSON blob (40 hex characters). */
  CAST(account_id AS INT) AS account_id, /* Account holding the license (may be an orphan id). */
  role, /* developer, analyst or admin. */
  status, /* Current status: active or disabled. */
  created_at, /* When the license was created (UTC). */
  updated_at, /* Last change of the license row (UTC); for a disabled license, when it was disabled. */
  created_at AS active_from, /* Start of the interval in which the license counts as active (inclusive). */
  CASE WHEN status = 'disabled' THEN updated_at END AS active_to /* End of the active interval (exclusive); NULL while active. */
FROM ranked
WHERE
  version_rank = 1
