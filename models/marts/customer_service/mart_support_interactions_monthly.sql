/* Monthly customer-service interactions for the dashboard: one row per month, account, channel,
category, representative and status, for all accounts, flagged is_top_10 from
marts.mart_top_developer_accounts_monthly. Grain: (month_start, account_id, channel, category,
service_rep_id, status). An interaction counts in its creation month (UTC) with its latest status;
the last two months are recomputed on every run (lookback). Details: docs/models/customer_service.md. */
MODEL (
  name marts.mart_support_interactions_monthly,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column month_start,
    lookback 2
  ),
  owner customer_service_analytics,
  cron '@monthly',
  grain (month_start, account_id, channel, category, service_rep_id, status),
  tags (marts, customer_service),
  audits (
    unique_combination_of_columns(columns := (month_start, account_id, channel, category, service_rep_id, status)),
    not_null(columns := (month_start, account_id, channel, category, service_rep_id, status, interactions, is_top_10)),
    accepted_range(column := interactions, min_v := 1)
  )
);

WITH interactions AS (
  SELECT
    created_month AS month_start,
    account_id,
    is_orphan_account,
    channel,
    category,
    service_rep_id,
    status,
    completed_at,
    hours_to_completion
  FROM core.fct_interactions
  WHERE
    created_at BETWEEN @start_ts AND @end_ts
), monthly AS (
  SELECT
    month_start,
    account_id,
    is_orphan_account,
    channel,
    category,
    service_rep_id,
    status,
    COUNT(*) AS interactions,
    SUM(CASE WHEN status = 'resolved' THEN 1 ELSE 0 END) AS resolved_interactions,
    SUM(CASE WHEN @is_open_at_month_end(completed_at, month_start) THEN 1 ELSE 0 END) AS open_at_month_end,
    SUM(CASE WHEN hours_to_completion IS NULL THEN 1 ELSE 0 END) AS without_completion_time,
    @percentile_cont(hours_to_completion, 0.5) AS median_hours_to_completion,
    @percentile_cont(hours_to_completion, 0.9) AS p90_hours_to_completion
  FROM interactions
  GROUP BY
    month_start,
    account_id,
    is_orphan_account,
    channel,
    category,
    service_rep_id,
    status
)
SELECT
  m.month_start, /* Month the interactions were created in (first day; months cut in UTC). */
  m.account_id, /* Account the interactions are about (orphan ids kept). */
  m.is_orphan_account, /* TRUE when the account is missing from the accounts extract. */
  t.developer_rank IS NOT NULL AS is_top_10, /* TRUE when the account was in that month's top 10 by active developer licenses. */
  t.developer_rank, /* The account's rank that month (1-10); NULL outside the top 10. */
  m.channel, /* Contact channel: web, email, phone, chat. */
  m.category, /* Topic: Tech Support, Billing, Account Change, Onboarding, Feature Request. */
  m.service_rep_id, /* Representative (core.dim_service_representatives); -1 unknown name, -2 ambiguous, -3 none recorded. */
  r.display_name AS service_rep_name, /* Representative's full name, or the special member's label. */
  m.status, /* Status in the latest extract: open, resolved or canceled. */
  CAST(m.interactions AS BIGINT) AS interactions, /* Interactions created in the month (after dedup and quarantine). */
  CAST(m.resolved_interactions AS BIGINT) AS resolved_interactions, /* Of those, resolved (as of the latest extract). */
  CAST(m.open_at_month_end AS BIGINT) AS open_at_month_end, /* Of those, not yet completed at the end of the creation month (completed_at NULL or in a later month); counted in the creation month only, not again in later months. */
  CAST(m.without_completion_time AS BIGINT) AS interactions_without_completion_time, /* Of those, with no completion time yet (excluded from the hour metrics). */
  m.median_hours_to_completion, /* Median hours from creation to completion of the completed ones; NULL when none is completed. */
  m.p90_hours_to_completion /* 90th percentile of hours to completion (continuous); NULL when none is completed. */
FROM monthly AS m
LEFT JOIN marts.mart_top_developer_accounts_monthly AS t
  ON t.month_start = m.month_start AND t.account_id = m.account_id
LEFT JOIN core.dim_service_representatives AS r
  ON r.service_rep_id = m.service_rep_id
