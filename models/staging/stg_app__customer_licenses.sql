/* Licenses, one row per license_id: the latest usable version among the raw rows of complete days
(read once in staging.stg_app__customer_license_rows; the build's own day waits for the next run).
A disabled license counts as active from created_at until updated_at, an active one from
created_at on. A license_id claimed by two accounts is a conflict (quality.source_conflicts). */
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

WITH source AS (
  SELECT
    @source_columns('customer_licenses')
  FROM staging.stg_app__customer_license_rows
  WHERE
    reject_reason IS NULL
), ranked AS (
  SELECT
    @source_column_names('customer_licenses'),
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
