/* Feature trials granted by sales, one row per trial, with a surrogate key. Unusable rows are
quarantined. */
MODEL (
  name staging.stg_app__feature_trials,
  kind VIEW,
  owner analytics_engineering,
  grain trial_id,
  tags (staging),
  audits (
    unique_values(columns := (trial_id)),
    not_null(columns := (trial_id, account_id, feature_key, starts_at, ends_at))
  )
);

WITH source AS (
  SELECT DISTINCT
    @source_columns('feature_trials')
  FROM raw.feature_trials
  WHERE
    @trial_reject_reason() IS NULL
), ranked AS (
  SELECT
    @generate_surrogate_key(account_id, feature_key, starts_at) AS trial_id,
    @source_column_names('feature_trials'),
    @version_rank('feature_trials') AS version_rank
  FROM source
)
SELECT
  trial_id, /* Surrogate key: hash of account_id, feature_key and starts_at. */
  CAST(account_id AS INT) AS account_id, /* Account granted the trial (may be an orphan id). */
  feature_key, /* Feature on trial (snake case: 'Audit Log' -> audit_log). */
  starts_at, /* Trial start (UTC, inclusive). */
  ends_at /* Trial end (UTC, exclusive). */
FROM ranked
WHERE
  version_rank = 1
