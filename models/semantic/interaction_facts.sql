/* One row per customer-service interaction: the semantic dimensions of the interaction metrics
(created_date and month_start, UTC; plan held when it was opened, None for orphans; channel,
category, representative, status; whether the account was in the month's top 10 by developer
licenses) and the measures they aggregate. */
MODEL (
  name semantic.interaction_facts,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column month_start,
    lookback 2
  ),
  owner customer_service_analytics,
  cron '@monthly',
  grain interaction_id,
  tags (semantic),
  audits (
    unique_values(columns := (interaction_id)),
    not_null(columns := (interaction_id, month_start, created_date, plan, account_id, channel, category, service_rep_name, status, is_top_10))
  )
);

WITH interactions AS (
  SELECT
    interaction_id,
    created_date,
    created_month,
    pricing_plan_at_creation,
    account_id,
    channel,
    category,
    service_rep_id,
    status,
    completed_at,
    hours_to_completion
  FROM core.fct_interactions
  WHERE
    created_at BETWEEN @start_ts AND @end_ts
)
SELECT
  i.interaction_id, /* Interaction (core.fct_interactions). */
  i.created_date, /* UTC day the interaction was created. */
  i.created_month AS month_start, /* Month the interaction was created (first day, UTC). */
  COALESCE(i.pricing_plan_at_creation, 'None') AS plan, /* Tier the account held when it was opened; None for orphans. */
  i.account_id, /* Account the interaction is about. */
  i.channel, /* Contact channel: web, email, phone, chat. */
  i.category, /* Topic, e.g. Tech Support, Billing, Account Change. */
  r.display_name AS service_rep_name, /* Representative's full name, or the special member's label (unknown, ambiguous, not recorded). */
  i.status, /* open, resolved or canceled, as of the latest extract. */
  NOT t.account_id IS NULL AS is_top_10, /* TRUE when the account was in the creation month's top 10 by active developer licenses. */
  i.status = 'resolved' AS is_resolved, /* TRUE when resolved (latest extract). */
  @is_open_at_month_end(i.completed_at, i.created_month) AS is_open_at_month_end, /* TRUE when not completed by the end of its creation month (@is_open_at_month_end, as marts.mart_support_interactions_monthly counts it). */
  CASE WHEN i.status = 'resolved' THEN i.hours_to_completion END AS resolution_hours /* Hours to resolution of resolved interactions; NULL otherwise. */
FROM interactions AS i
LEFT JOIN marts.mart_top_developer_accounts_monthly AS t
  ON t.month_start = i.created_month AND t.account_id = i.account_id
LEFT JOIN core.dim_service_representatives AS r
  ON r.service_rep_id = i.service_rep_id
