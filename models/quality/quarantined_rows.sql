/* Every raw row that staging could not use, with the reason: nothing is dropped silently.
The reasons come from the same macros that staging filters on (macros/source_rules.py), so a raw
row is either in staging, deduplicated (counted in quality.source_row_reconciliation) or here.
Interactions and usage events of complete days come from quality.quarantined_rows_daily and licenses
from staging.stg_app__customer_license_rows (both incremental); only their undated, early and
build-day rows are judged here. */
MODEL (
  name quality.quarantined_rows,
  kind FULL,
  owner analytics_engineering,
  grain (source_table, row_fingerprint, duplicate_number),
  tags (quality),
  audits (
    unique_combination_of_columns(columns := (source_table, row_fingerprint, duplicate_number)),
    not_null(columns := (source_table, reject_reason, row_fingerprint))
  )
);

WITH rejected AS (
  SELECT
    @rejected_columns('customer_accounts', created_at)
  FROM raw.customer_accounts
  UNION ALL
  SELECT
    @rejected_columns('customer_interactions', created_at)
  FROM raw.customer_interactions
  WHERE
    @outside_complete_days(created_at)
  UNION ALL
  SELECT
    @rejected_columns('customer_licenses', created_at, reject_reason)
  FROM staging.stg_app__customer_license_rows
  WHERE
    NOT reject_reason IS NULL
  UNION ALL
  SELECT
    @rejected_columns('customer_licenses', created_at, @license_reject_reason(is_valid_json, license_id, role, status))
  FROM (
    /* Rows of no complete day (undated, early or of the build's own day): their JSON is read here,
    once per row; the reject rules reuse these columns. */
    SELECT
      account_id,
      license_data,
      created_at,
      updated_at,
      @license_json_columns()
    FROM raw.customer_licenses
    WHERE
      @outside_complete_days(COALESCE(updated_at, created_at))
  ) AS licenses
  UNION ALL
  SELECT
    @rejected_columns('account_tier_changes', changed_at)
  FROM raw.account_tier_changes
  UNION ALL
  SELECT
    @rejected_columns('feature_trials', starts_at)
  FROM raw.feature_trials
  UNION ALL
  SELECT
    @rejected_columns('product_usage_events', occurred_at)
  FROM raw.product_usage_events
  WHERE
    @outside_complete_days(occurred_at)
), quarantined AS (
  @quarantined(rejected)
)
SELECT
  source_table, /* Raw table the row came from (schema raw). */
  reject_reason, /* Why staging could not use the row, e.g. 'license_data is not valid JSON'. */
  CAST(account_id AS INT) AS account_id, /* Account id of the row, when it has one. */
  row_timestamp, /* The row's main timestamp (created, changed, started or occurred at; UTC). */
  raw_record, /* The raw row's values joined by ' | ' (NULL shown as NULL), for inspection. */
  row_fingerprint, /* MD5 of raw_record: identifies identical raw rows. */
  @quarantine_duplicate_number() AS duplicate_number /* 1 for the first copy of an identical raw row, 2 for the next, ... */
FROM quarantined
UNION ALL
SELECT
  source_table,
  reject_reason,
  account_id,
  row_timestamp,
  raw_record,
  row_fingerprint,
  duplicate_number
FROM quality.quarantined_rows_daily
