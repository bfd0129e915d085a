/* One row per account and month (UTC) from the month the account was created: the measures the
revenue and customer metrics (metrics/metrics.sql) aggregate, with the customer, paying and active
flags applied at each month end. Dimensions: plan and customer_segment (active licenses at month
end: individual 0-1, team 2-9, organization 10 or more); see docs/semantic_layer.md. */
MODEL (
  name semantic.customer_months,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column month_start
  ),
  owner analytics_engineering,
  cron '@monthly',
  grain (month_start, account_id),
  tags (semantic),
  audits (
    unique_combination_of_columns(columns := (month_start, account_id)),
    not_null(columns := (month_start, account_id, plan, customer_segment, mrr, is_customer, is_paying, is_active))
  )
);

WITH months AS (
  SELECT
    m.mrr_month AS month_start,
    CAST(m.mrr_month + INTERVAL '1' MONTH AS DATE) AS next_month_start,
    m.account_id,
    COALESCE(m.pricing_plan, 'None') AS plan,
    m.mrr,
    m.previous_mrr,
    m.mrr_change,
    m.mrr_movement
  FROM marts.mart_mrr_monthly AS m
  WHERE
    m.mrr_month BETWEEN @start_ds AND @end_ds
), accounts AS (
  SELECT DISTINCT
    account_id,
    is_internal_account,
    CAST(DATE_TRUNC('month', account_created_at) AS DATE) AS created_month
  FROM core.dim_accounts
  WHERE
    NOT is_inferred_member
), licensed_at_month_end AS (
  SELECT
    m.month_start,
    m.account_id,
    COUNT(DISTINCT l.license_id) AS active_licenses
  FROM months AS m
  INNER JOIN core.dim_licenses AS l
    ON l.account_id = m.account_id
    AND l.active_from < m.next_month_start
    AND COALESCE(l.active_to, CAST('9999-12-31 00:00:00' AS TIMESTAMP)) >= m.next_month_start
  GROUP BY
    m.month_start,
    m.account_id
), usage AS (
  SELECT
    m.month_start,
    m.account_id,
    SUM(CASE WHEN u.usage_date >= m.month_start THEN u.event_count ELSE 0 END) AS usage_events,
    SUM(
      CASE WHEN u.usage_date >= CAST(m.next_month_start - INTERVAL '30' DAY AS DATE) THEN 1 ELSE 0 END
    ) AS usage_days_last_30
  FROM months AS m
  INNER JOIN core.fct_feature_usage_daily AS u
    ON u.account_id = m.account_id
    AND u.usage_date >= CAST(m.next_month_start - INTERVAL '31' DAY AS DATE)
    AND u.usage_date < m.next_month_start
  GROUP BY
    m.month_start,
    m.account_id
), unpaid AS (
  SELECT
    CAST(DATE_TRUNC('month', occurred_at) AS DATE) AS month_start,
    account_id,
    COUNT(*) AS unpaid_usage_events
  FROM marts.mart_unpaid_feature_usage
  WHERE
    occurred_at BETWEEN @start_ts AND @end_ts
  GROUP BY
    CAST(DATE_TRUNC('month', occurred_at) AS DATE),
    account_id
)
SELECT
  m.month_start, /* Month (first day, UTC); stocks are taken at its end, flows over it. */
  m.account_id, /* Account. */
  m.plan, /* Tier held at the end of the month: Free, Medium, Enterprise (None without a tier). */
  CASE
    WHEN COALESCE(l.active_licenses, 0) >= 10 THEN 'organization'
    WHEN COALESCE(l.active_licenses, 0) >= 2 THEN 'team'
    ELSE 'individual'
  END AS customer_segment, /* Size by licenses active at month end: individual (0-1), team (2-9), organization (10+). */
  CAST(COALESCE(l.active_licenses, 0) AS INT) AS active_licenses, /* Licenses active at the end of the month. */
  @is_customer(a.is_internal_account, FALSE) AS is_customer, /* Customer definition: not an internal/test account (@is_customer). */
  @is_customer(a.is_internal_account, FALSE) AND @is_paid_tier(m.plan) AS is_paying, /* Paying customer: a customer on a paid tier at month end (@is_paid_tier). */
  @is_customer(a.is_internal_account, FALSE)
  AND (NOT l.account_id IS NULL OR COALESCE(u.usage_days_last_30, 0) > 0) AS is_active, /* Active customer: an active license at month end or product usage in the month's last 30 days. */
  COALESCE(a.created_month = m.month_start, FALSE) AS is_new_account, /* TRUE in the month the account was created. */
  m.previous_mrr > 0 AS was_paying, /* TRUE when the account had MRR at the end of the month before. */
  m.mrr_movement, /* MRR movement of the month (marts.mart_mrr_monthly): new, expansion, contraction, churn, reactivation, unchanged. */
  m.mrr, /* MRR at the end of the month (USD). */
  m.previous_mrr AS starting_mrr, /* MRR at the end of the month before (USD). */
  CASE WHEN m.previous_mrr > 0 THEN m.mrr ELSE 0 END AS retained_mrr, /* This month's MRR of accounts that were paying a month ago (net revenue retention). */
  CASE WHEN m.previous_mrr > 0 THEN LEAST(m.mrr, m.previous_mrr) ELSE 0 END AS gross_retained_mrr, /* Of last month's MRR, what is kept without expansion (gross revenue retention). */
  CASE WHEN m.mrr_movement = 'new' THEN m.mrr_change ELSE 0 END AS new_mrr, /* MRR added by a first-time paying account (USD). */
  CASE WHEN m.mrr_movement = 'expansion' THEN m.mrr_change ELSE 0 END AS expansion_mrr, /* MRR added by a move to a dearer tier (USD). */
  CASE WHEN m.mrr_movement = 'reactivation' THEN m.mrr_change ELSE 0 END AS reactivation_mrr, /* MRR added by an account paying again (USD). */
  CASE WHEN m.mrr_movement = 'contraction' THEN -m.mrr_change ELSE 0 END AS contraction_mrr, /* MRR lost by a move to a cheaper paid tier (USD, positive). */
  CASE WHEN m.mrr_movement = 'churn' THEN -m.mrr_change ELSE 0 END AS churned_mrr, /* MRR lost by an account that stopped paying (USD, positive). */
  COALESCE(u.usage_events, 0) > 0 AS is_feature_adopter, /* TRUE when the account used any feature during the month. */
  CAST(COALESCE(p.unpaid_usage_events, 0) AS BIGINT) AS unpaid_usage_events /* Usage events of the month without access (marts.mart_unpaid_feature_usage). */
FROM months AS m
LEFT JOIN accounts AS a
  ON a.account_id = m.account_id
LEFT JOIN licensed_at_month_end AS l
  ON l.month_start = m.month_start AND l.account_id = m.account_id
LEFT JOIN usage AS u
  ON u.month_start = m.month_start AND u.account_id = m.account_id
LEFT JOIN unpaid AS p
  ON p.month_start = m.month_start AND p.account_id = m.account_id
