/* One row per account and version of its tier and email as the daily loads saw them: an SCD type 2
kept by SQLMesh (by column). A version opens at the run that first sees a new tier or email and
closes at the next one, or at the run after the account was deleted in the app (hard deletes
invalidated). Built only from complete loads (signal app_load_complete); compared with the
change-log history of core.dim_accounts in quality.account_tier_history_disagreements. The
columns are described in column_descriptions: SQLMesh adds valid_from and valid_to itself. */
MODEL (
  name staging.snp_app__customer_accounts,
  kind SCD_TYPE_2_BY_COLUMN (
    unique_key account_id,
    columns [current_tier, email],
    invalidate_hard_deletes TRUE
  ),
  owner analytics_engineering,
  grain (account_id, valid_from),
  tags (staging, snapshot, pii),
  signals (app_load_complete()),
  audits (
    unique_combination_of_columns(columns := (account_id, valid_from)),
    not_null(columns := (account_id, current_tier, valid_from))
  ),
  column_descriptions (
    account_id = 'The app''s account id (natural key of the account).',
    email = 'Sign-up email as loaded (PII: stays in staging).',
    current_tier = 'Tier the load saw: Free, Medium or Enterprise.',
    created_at = 'When the account was created (UTC).',
    updated_at = 'Last change of the account row in the app (UTC).',
    valid_from = 'Start of the version: the run that first saw it (1970-01-01 for the first snapshot).',
    valid_to = 'End of the version: the run that saw it change or the account deleted; NULL while current.'
  )
);

SELECT
  account_id,
  email,
  current_tier,
  created_at,
  updated_at
FROM staging.stg_app__customer_accounts
