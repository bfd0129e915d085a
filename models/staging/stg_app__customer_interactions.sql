/* Customer-service interactions, one row per interaction: a surrogate key (the source has none),
normalized channel, category, rep name and status, and one version per interaction (duplicates, or
open and closed versions: the closed one wins). Unusable rows are quarantined. A table incremental
by creation day with a 14-day lookback: the load re-extracts that window, so a later resolution
replaces the open version; a version's key holds created_at, so versions share a day. */
MODEL (
  name staging.stg_app__customer_interactions,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column created_date,
    lookback 14
  ),
  partitioned_by created_date,
  owner analytics_engineering,
  cron '@daily',
  signals (app_load_complete()),
  grain interaction_id,
  tags (staging),
  audits (
    unique_values(columns := (interaction_id)),
    not_null(columns := (interaction_id, account_id, created_at, created_date, status))
  )
);

WITH source AS (
  SELECT
    @source_columns('customer_interactions')
  FROM raw.customer_interactions
  WHERE
    created_at BETWEEN @start_ts AND @end_ts AND @interaction_reject_reason() IS NULL
), keyed AS (
  SELECT
    @generate_surrogate_key(account_id, channel, category, created_at) AS interaction_id,
    @source_column_names('customer_interactions')
  FROM source
), ranked AS (
  SELECT
    interaction_id,
    @source_column_names('customer_interactions'),
    /* created_at is part of interaction_id: every version of an interaction is in one day. */
    @version_rank('customer_interactions') AS version_rank
  FROM keyed
)
SELECT
  interaction_id, /* Surrogate key: hash of account_id, channel, category and created_at. */
  CAST(account_id AS INT) AS account_id, /* Account the interaction is about (may be an orphan id). */
  channel, /* Contact channel: web, email, phone, chat (variants folded in; an unknown one kept, lower case). */
  category, /* Topic: Tech Support, Billing, Account Change, Onboarding, Feature Request (case and spacing folded; an unknown one kept, capitalized). */
  service_rep_name, /* Representative's first name, capitalized and trimmed ('andy ' -> 'Andy'); NULL when blank. */
  status, /* open, resolved or canceled (normalized). */
  created_at, /* When the interaction was opened (UTC). */
  completed_at, /* When it was resolved or canceled (UTC); NULL while open. */
  CAST(created_at AS DATE) AS created_date /* UTC day of creation; the model's time column (a DATE: Spark overwrites a batch by day partition). */
FROM ranked
WHERE
  version_rank = 1
