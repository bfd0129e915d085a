/* Account activity per month, the table behind several departments' dashboards: one row per
account and month (UTC) with at least one interaction created in it. Grain: (activity_month,
account_id). The month's interaction counts, the licenses active at month end and the account's
rank by interactions. The fix of scenarios/slow_view/legacy_account_activity_monthly.sql: same
rows, materialized month by month from core facts. Details: docs/models/customer_service.md. */
MODEL (
  name reporting.account_activity_monthly,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column activity_month
  ),
  owner analytics_engineering,
  cron '@monthly',
  grain (activity_month, account_id),
  tags (reporting),
  audits (
    unique_combination_of_columns(columns := (activity_month, account_id)),
    not_null(columns := (activity_month, account_id, interactions, activity_rank)),
    accepted_range(column := interactions, min_v := 1)
  )
);

WITH interactions AS (
  SELECT
    account_id,
    created_month,
    status
  FROM core.fct_interactions
  WHERE
    created_at BETWEEN @start_ts AND @end_ts
), monthly_interactions AS (
  SELECT
    created_month AS activity_month,
    account_id,
    COUNT(*) AS interactions,
    SUM(CASE WHEN status = 'resolved' THEN 1 ELSE 0 END) AS resolved_interactions,
    SUM(CASE WHEN status = 'canceled' THEN 1 ELSE 0 END) AS canceled_interactions,
    SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS open_interactions
  FROM interactions
  GROUP BY
    created_month,
    account_id
), licenses_at_month_end AS (
  SELECT
    m.activity_month,
    m.account_id,
    SUM(CASE WHEN la.role = 'developer' THEN la.active_licenses ELSE 0 END) AS active_developer_licenses,
    SUM(la.active_licenses) AS active_licenses
  FROM monthly_interactions AS m
  INNER JOIN core.fct_license_activity AS la
    ON la.account_id = m.account_id
    AND @in_force_at_end(CAST(m.activity_month + INTERVAL '1' MONTH AS DATE), la.valid_from, la.valid_to)
  GROUP BY
    m.activity_month,
    m.account_id
), activity AS (
  SELECT
    m.activity_month,
    m.account_id,
    m.interactions,
    m.resolved_interactions,
    m.canceled_interactions,
    m.open_interactions,
    COALESCE(l.active_developer_licenses, 0) AS active_developer_licenses,
    COALESCE(l.active_licenses, 0) AS active_licenses
  FROM monthly_interactions AS m
  LEFT JOIN licenses_at_month_end AS l
    ON l.activity_month = m.activity_month AND l.account_id = m.account_id
)
SELECT
  CAST(activity_month AS DATE) AS activity_month, /* Month of the interactions (first day; months cut in UTC). */
  account_id, /* Account (orphan ids included, as in core.fct_interactions). */
  CAST(interactions AS BIGINT) AS interactions, /* Interactions created in the month. */
  CAST(resolved_interactions AS BIGINT) AS resolved_interactions, /* Of those, now resolved. */
  CAST(canceled_interactions AS BIGINT) AS canceled_interactions, /* Of those, now canceled. */
  CAST(open_interactions AS BIGINT) AS open_interactions, /* Of those, still open as of the latest extract. */
  CAST(active_developer_licenses AS BIGINT) AS active_developer_licenses, /* Developer licenses active at the end of the month. */
  CAST(active_licenses AS BIGINT) AS active_licenses, /* Licenses of any role active at the end of the month. */
  CAST(RANK() OVER (
    PARTITION BY activity_month
    ORDER BY interactions DESC, active_developer_licenses DESC, account_id
  ) AS BIGINT) AS activity_rank /* 1 = the account with the most interactions that month (ties: more developer licenses, then lower account id). */
FROM activity
