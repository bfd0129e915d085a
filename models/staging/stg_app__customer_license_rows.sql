/* Raw license rows of complete days, one row per raw row, the JSON blob read once: its validity,
license_id, role and status (normalized), and why the row cannot be used (NULL when it can).
Incremental by the row's change day (updated_at, else created_at) with a 14-day lookback, so a
run parses only its new rows; staging.stg_app__customer_licenses ranks the usable ones and the
quarantine takes the rest. Grain: (row_fingerprint, copy_number): identical raw rows numbered. */
MODEL (
  name staging.stg_app__customer_license_rows,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column change_date,
    lookback 14
  ),
  partitioned_by change_date,
  owner analytics_engineering,
  cron '@daily',
  signals (app_load_complete()),
  grain (row_fingerprint, copy_number),
  tags (staging),
  audits (
    unique_combination_of_columns(columns := (row_fingerprint, copy_number)),
    not_null(columns := (row_fingerprint, copy_number, change_date, is_valid_json))
  )
);

WITH parsed AS (
  SELECT
    account_id,
    license_data,
    created_at,
    updated_at,
    @license_json_columns(),
    MD5(@raw_record('customer_licenses')) AS row_fingerprint
  FROM raw.customer_licenses
  WHERE
    COALESCE(updated_at, created_at) BETWEEN @start_ts AND @end_ts
    AND NOT @outside_complete_days(COALESCE(updated_at, created_at))
)
SELECT
  row_fingerprint, /* MD5 of the raw row's values joined by ' | ' (as in the quarantine). */
  CAST(ROW_NUMBER() OVER (PARTITION BY row_fingerprint ORDER BY created_at) AS INT) AS copy_number, /* 1 for the first copy of an identical raw row, 2 for the next, ... */
  CAST(account_id AS INT) AS account_id, /* Account of the raw row (may be NULL or an orphan id). */
  license_data, /* The raw JSON blob, as extracted (typographic quotes and all). */
  created_at, /* Raw created_at (UTC). */
  updated_at, /* Raw updated_at (UTC; may be NULL). */
  is_valid_json, /* TRUE when the blob, its quotes fixed, is a JSON object. */
  license_id, /* license_id from the blob; NULL when it does not parse. */
  @normalize_license_role(role) AS role, /* Role from the blob, normalized (developer, analyst, admin, or the unknown value as written). */
  @normalize_license_status(status) AS status, /* Status from the blob, normalized (active, disabled, or the unknown value as written). */
  @license_reject_reason(is_valid_json, license_id, role, status) AS reject_reason, /* Why staging cannot use the row (the quarantine's reason); NULL when it can. */
  CAST(COALESCE(updated_at, created_at) AS DATE) AS change_date /* UTC day of the row's last change; the model's time column. */
FROM parsed
