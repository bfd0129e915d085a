/* The 10 accounts with the most active developer licenses at the end of each month (UTC): one row
per month and ranked account. Grain: (month_start, account_id). A license counts when its active
interval covers the month's end (core.fct_license_activity, @in_force_at_end); ties go to the
lower account id; orphan accounts rank like any other and are flagged. A month never changes once
built. Details: docs/models/customer_service.md. */
MODEL (
  name marts.mart_top_developer_accounts_monthly,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column month_start
  ),
  owner customer_service_analytics,
  cron '@monthly',
  grain (month_start, account_id),
  tags (marts, customer_service),
  audits (
    unique_combination_of_columns(columns := (month_start, account_id)),
    unique_combination_of_columns(columns := (month_start, developer_rank)),
    not_null(columns := (month_start, account_id, developer_rank, active_developer_licenses)),
    accepted_range(column := developer_rank, min_v := 1, max_v := 10),
    accepted_range(column := active_developer_licenses, min_v := 1)
  )
);

WITH months AS (
  SELECT
    month_start,
    next_month_start
  FROM core.dim_months
  WHERE
    month_start BETWEEN @start_ds AND @end_ds
), developer_counts AS (
  SELECT
    m.month_start,
    m.next_month_start,
    la.account_id,
    la.active_licenses
  FROM months AS m
  INNER JOIN core.fct_license_activity AS la
    ON la.role = 'developer' AND @in_force_at_end(m.next_month_start, la.valid_from, la.valid_to)
  WHERE
    la.active_licenses > 0
), ranked AS (
  SELECT
    month_start,
    next_month_start,
    account_id,
    active_licenses,
    ROW_NUMBER() OVER (PARTITION BY month_start ORDER BY active_licenses DESC, account_id) AS developer_rank
  FROM developer_counts
)
SELECT
  r.month_start, /* Month (first day, UTC) at whose end the licenses were counted. */
  r.developer_rank, /* 1-10: rank by active developer licenses at month end, ties by lower account id. */
  r.account_id, /* Account (may be an orphan id, see is_orphan_account). */
  CAST(r.active_licenses AS INT) AS active_developer_licenses, /* Developer licenses active at the end of the month. */
  a.account_id IS NULL AS is_orphan_account, /* TRUE when the account is missing from the accounts extract. */
  a.pricing_plan AS pricing_plan_at_month_end /* Tier held at the end of the month (NULL for orphans). */
FROM ranked AS r
LEFT JOIN core.fct_account_months AS a
  ON a.month_start = r.month_start AND a.account_id = r.account_id
WHERE
  r.developer_rank <= 10
