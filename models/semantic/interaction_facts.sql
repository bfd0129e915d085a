/* The semantic layer's interaction source: one row per customer-service interaction with the
semantic dimensions (metric_month = month created, UTC; plan = tier held when it was opened, None
for orphan accounts) and the measures the interaction metrics aggregate. */
MODEL (
  name semantic.interaction_facts,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column metric_month,
    lookback 2
  ),
  owner customer_service_analytics,
  cron '@monthly',
  grain interaction_id,
  tags (semantic),
  audits (
    unique_values(columns := (interaction_id)),
    not_null(columns := (interaction_id, metric_month, plan, account_id))
  )
);

SELECT
  interaction_id, /* Interaction (core.fct_interactions). */
  created_month AS metric_month, /* Month the interaction was created (first day, UTC). */
  COALESCE(pricing_plan_at_creation, 'None') AS plan, /* Tier the account held when it was opened; None for orphans. */
  account_id, /* Account the interaction is about. */
  status = 'resolved' AS is_resolved, /* TRUE when resolved (latest extract). */
  CASE WHEN status = 'resolved' THEN hours_to_completion END AS resolution_hours /* Hours to resolution of resolved interactions; NULL otherwise. */
FROM core.fct_interactions
WHERE
  created_at BETWEEN @start_ts AND @end_ts
