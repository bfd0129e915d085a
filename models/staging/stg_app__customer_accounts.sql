/* The app's accounts, one row per account: typed, tier normalized, duplicate extract rows removed;
of several versions of an account the source's version rule (VERSION_RULES in
macros/source_rules.py) picks one.
Rows that cannot be used (see @account_reject_reason) are in quality.quarantined_rows instead. */
MODEL (
  name staging.stg_app__customer_accounts,
  kind VIEW,
  owner analytics_engineering,
  grain account_id,
  tags (staging, pii),
  audits (
    unique_values(columns := (account_id)),
    not_null(columns := (account_id, current_tier, created_at))
  )
);

WITH source AS (
  SELECT
    @source_columns('customer_accounts')
  FROM raw.customer_accounts
  WHERE
    @account_reject_reason() IS NULL
), ranked AS (
  SELECT
    @source_column_names('customer_accounts'),
    @version_rank('customer_accounts') AS version_rank
  FROM source
)
SELECT
  CAST(account_id AS INT) AS account_id, /* The app's account id (natural key of the account). */
  TRIM(email) AS email, /* Sign-up email as typed (PII: never exposed beyond staging and core). */
  LOWER(TRIM(email)) AS email_normalized, /* Email trimmed and lower-cased, to find case-only duplicates. */
  SPLIT_PART(LOWER(TRIM(email)), '@', 2) AS email_domain, /* Domain part of the normalized email. */
  @normalize_tier(current_tier) AS current_tier, /* Tier now: Free, Medium or Enterprise. */
  created_at, /* When the account was created (UTC). */
  COALESCE(updated_at, created_at) AS updated_at /* Last change of the account row (UTC). */
FROM ranked
WHERE
  version_rank = 1
