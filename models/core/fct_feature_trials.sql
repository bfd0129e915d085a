/* One row per sales-granted feature trial, with its validity range [starts_at, ends_at).
Grain: trial_id. Orphan account ids are kept (dim_accounts has an inferred member for them). */
MODEL (
  name core.fct_feature_trials,
  kind FULL,
  owner product_analytics,
  grain trial_id,
  tags (core, fact, features),
  audits (
    unique_values(columns := (trial_id)),
    not_null(columns := (trial_id, account_id, feature_key, starts_at, ends_at))
  )
);

SELECT
  trial_id, /* Surrogate key of the trial (see staging). */
  account_id, /* Account granted the trial (may be an orphan id). */
  feature_key, /* Feature on trial. */
  starts_at, /* Trial start (UTC, inclusive). */
  ends_at /* Trial end (UTC, exclusive). */
FROM staging.stg_app__feature_trials
