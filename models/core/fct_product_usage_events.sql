/* One row per product usage event (telemetry), as staged: the event grain that
core.fct_feature_usage_daily aggregates by day. Grain: event_id. A view: it stores nothing. */
MODEL (
  name core.fct_product_usage_events,
  kind VIEW,
  owner product_analytics,
  grain event_id,
  tags (core, fact, features),
  audits (
    unique_values(columns := (event_id)),
    not_null(columns := (event_id, account_id, feature_key, occurred_at))
  )
);

SELECT
  event_id, /* Telemetry event id. */
  account_id, /* Account that used the feature (may be an orphan id). */
  license_id, /* License (user seat) that used it; may be unknown or NULL. */
  feature_key, /* Feature used; may be unknown to the catalog. */
  occurred_at /* When it was used (UTC). */
FROM staging.stg_app__product_usage_events
