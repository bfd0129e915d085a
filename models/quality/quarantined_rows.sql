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
    'customer_accounts' AS source_table,
    @account_reject_reason() AS reject_reason,
    account_id,
    created_at AS row_timestamp,
    @raw_record('customer_accounts') AS raw_record
  FROM raw.customer_accounts
  UNION ALL
  SELECT
    'customer_interactions' AS source_table,
    @interaction_reject_reason() AS reject_reason,
    account_id,
    created_at AS row_timestamp,
    @raw_record('customer_interactions') AS raw_record
  FROM raw.customer_interactions
  WHERE
    @outside_complete_days(created_at)
  UNION ALL
  SELECT
    'customer_licenses' AS source_table,
    reject_reason,
    account_id,
    created_at AS row_timestamp,
    @raw_record('customer_licenses') AS raw_record
  FROM staging.stg_app__customer_license_rows
  WHERE
    NOT reject_reason IS NULL
  UNION ALL
  SELECT
    'customer_licenses' AS source_table,
    @license_reject_reason(is_valid_json, license_id, role, status) AS reject_reason,
    account_id,
    created_at AS row_timestamp,
    @raw_record('customer_licenses') AS raw_record
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
    'account_tier_changes' AS source_table,
    @tier_change_reject_reason() AS reject_reason,
    account_id,
    changed_at AS row_timestamp,
    @raw_record('account_tier_changes') AS raw_record
  FROM raw.account_tier_changes
  UNION ALL
  SELECT
    'feature_trials' AS source_table,
    @trial_reject_reason() AS reject_reason,
    account_id,
    starts_at AS row_timestamp,
    @raw_record('feature_trials') AS raw_record
  FROM raw.feature_trials
  UNION ALL
  SELECT
    'product_usage_events' AS source_table,
    @usage_event_reject_reason() AS reject_reason,
    account_id,
    occurred_at AS row_timestamp,
    @raw_record('product_usage_events') AS raw_record
  FROM raw.product_usage_events
  WHERE
    @outside_complete_days(occurred_at)
), quarantined AS (
  SELECT
    source_table,
    reject_reason,
    account_id,
    row_timestamp,
    raw_record,
    MD5(raw_record) AS row_fingerprint
  FROM rejected
  WHERE
    NOT reject_reason IS NULL
)
SELECT
  source_table, /* Raw table the row came from (schema raw). */
  reject_reason, /* Why staging could not use the row, e.g. 'license_data is not valid JSON'. */
  CAST(account_id AS INT) AS account_id, /* Account id of the row, when it has one. */
  row_timestamp, /* The row's main timestamp (created, changed, started or occurred at; UTC). */
  raw_record, /* The raw row's values joined by ' | ' (NULL shown as NULL), for inspection. */
  row_fingerprint, /* MD5 of raw_record: identifies identical raw rows. */
  ROW_NUMBER() OVER (PARTITION BY source_table, row_fingerprint ORDER BY reject_reason) AS duplicate_number /* 1 for the first copy of an identical raw row, 2 for the next, ... */
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
