/* The semantic layer's monthly fact: one row per account and month (UTC) from the month the account
was created, carrying every customer measure the headline metrics (metrics/metrics.sql) aggregate:
MRR and its movements (marts.mart_mrr_monthly: customers only, 0 for internal accounts), whether the account is a customer, paying and
active (the definitions of semantic.dim_customers, applied at each month end), feature adoption and
unpaid usage. Its dimensions are metric_month and plan (the tier held at month end). */
MODEL (
  name semantic.customer_months,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column metric_month
  ),
  owner analytics_engineering,
  cron '@monthly',
  grain (metric_month, account_id),
  tags (semantic),
  audits (
    unique_combination_of_columns(columns := (metric_month, account_id)),
    not_null(columns := (metric_month, account_id, plan, mrr, is_customer, is_paying, is_active))
  )
);

WITH months AS (
  /* Every account-month; MRR and its movements only for customers (marts.mart_mrr_monthly). */
  SELECT
    a.month_start AS metric_month,
    CAST(a.month_start + INTERVAL '1' MONTH AS DATE) AS next_month_start,
    a.account_id,
    COALESCE(a.pricing_plan, 'None') AS plan,
    a.is_customer,
    a.is_paid,
    COALESCE(r.mrr, 0) AS mrr,
    COALESCE(r.previous_mrr, 0) AS previous_mrr,
    COALESCE(r.mrr_change, 0) AS mrr_change,
    COALESCE(r.mrr_movement, 'unchanged') AS mrr_movement
  FROM core.fct_account_months AS a
  LEFT JOIN marts.mart_mrr_monthly AS r
    ON r.mrr_month = a.month_start AND r.account_id = a.account_id
  WHERE
    a.month_start BETWEEN @start_ds AND @end_ds
), licensed_at_month_end AS (
  SELECT DISTINCT
    m.metric_month,
    m.account_id
  FROM months AS m
  INNER JOIN core.dim_licenses AS l
    ON l.account_id = m.account_id AND @in_force_at_end(m.next_month_start, l.active_from, l.active_to)
), usage AS (
  SELECT
    m.metric_month,
    m.account_id,
    SUM(CASE WHEN u.usage_date >= m.metric_month THEN u.event_count ELSE 0 END) AS usage_events,
    SUM(
      CASE WHEN u.usage_date >= CAST(m.next_month_start - INTERVAL '30' DAY AS DATE) THEN 1 ELSE 0 END
    ) AS usage_days_last_30
  FROM months AS m
  INNER JOIN core.fct_feature_usage_daily AS u
    ON u.account_id = m.account_id
    AND u.usage_date >= CAST(m.next_month_start - INTERVAL '31' DAY AS DATE)
    AND u.usage_date < m.next_month_start
  GROUP BY
    m.metric_month,
    m.account_id
), unpaid AS (
  SELECT
    CAST(DATE_TRUNC('month', occurred_at) AS DATE) AS metric_month,
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
  m.metric_month, /* Month (first day, UTC); measures are taken at its end or over it. */
  m.account_id, /* Account. */
  m.plan, /* Tier held at the end of the month: Free, Medium, Enterprise (None without a tier). */
  m.is_customer, /* Customer definition: not an internal/test account (core.dim_accounts.is_customer). */
  m.is_customer AND m.is_paid AS is_paying, /* Paying customer: a customer on a paid tier at month end (core.dim_pricing_plans.is_paid). */
  m.is_customer
  AND (NOT l.account_id IS NULL OR COALESCE(u.usage_days_last_30, 0) > 0) AS is_active, /* Active customer: an active license at month end or product usage in the month's last 30 days. */
  m.mrr, /* MRR at the end of the month (USD); 0 for accounts that are not customers. */
  m.previous_mrr AS starting_mrr, /* MRR at the end of the month before (USD). */
  CASE WHEN m.previous_mrr > 0 THEN m.mrr ELSE 0 END AS retained_mrr, /* This month's MRR of accounts that were paying a month ago (for net revenue retention). */
  CASE WHEN m.mrr_movement = 'new' THEN m.mrr_change ELSE 0 END AS new_mrr, /* MRR added by a first-time paying account (USD). */
  CASE WHEN m.mrr_movement = 'churn' THEN -m.mrr_change ELSE 0 END AS churned_mrr, /* MRR lost by an account that stopped paying (USD, positive). */
  COALESCE(u.usage_events, 0) > 0 AS is_feature_adopter, /* TRUE when the account used any feature during the month. */
  CAST(COALESCE(p.unpaid_usage_events, 0) AS BIGINT) AS unpaid_usage_events /* Usage events of the month without access (marts.mart_unpaid_feature_usage). */
FROM months AS m
LEFT JOIN licensed_at_month_end AS l
  ON l.metric_month = m.metric_month AND l.account_id = m.account_id
LEFT JOIN usage AS u
  ON u.metric_month = m.metric_month AND u.account_id = m.account_id
LEFT JOIN unpaid AS p
  ON p.metric_month = m.metric_month AND p.account_id = m.account_id
