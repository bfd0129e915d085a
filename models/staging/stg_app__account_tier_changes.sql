/* The app's tier-change audit log: one row per account and change time, tiers normalized,
duplicate log rows removed (conflicting versions: its version rule, recorded in
quality.source_conflicts). Unusable rows, changes of accounts missing from the extract included,
are quarantined. */
MODEL (
  name staging.stg_app__account_tier_changes,
  kind VIEW,
  owner analytics_engineering,
  grain (account_id, changed_at),
  tags (staging),
  audits (
    unique_combination_of_columns(columns := (account_id, changed_at)),
    not_null(columns := (account_id, from_tier, to_tier, changed_at))
  )
);

WITH source AS (
  SELECT
    @source_columns('account_tier_changes')
  FROM raw.account_tier_changes
  WHERE
    @tier_change_reject_reason() IS NULL
), ranked AS (
  SELECT
    @source_column_names('account_tier_changes'),
    @version_rank('account_tier_changes') AS version_rank
  FROM source
)
SELECT
  CAST(account_id AS INT) AS account_id, /* Account whose tier changed. */
  from_tier, /* Tier before the change. */
  to_tier, /* Tier after the change. */
  changed_at /* When the change took effect (UTC). */
FROM ranked
WHERE
  version_rank = 1
