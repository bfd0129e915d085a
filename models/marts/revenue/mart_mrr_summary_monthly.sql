/* Company MRR per month and what moved it: one row per month, summing marts.mart_mrr_monthly
(customers only). Grain: mrr_month. starting_mrr + new + expansion + reactivation + contraction +
churned = ending_mrr, and a month starts where the one before ended (both blocking audits).
Details: docs/models/revenue.md. */
MODEL (
  name marts.mart_mrr_summary_monthly,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column mrr_month
  ),
  cron '@monthly',
  owner finance,
  grain mrr_month,
  tags (marts, mrr),
  audits (
    unique_values(columns := (mrr_month)),
    not_null(
      columns := (mrr_month, starting_mrr, new_mrr, expansion_mrr, reactivation_mrr, contraction_mrr, churned_mrr, ending_mrr)
    ),
    mrr_summary_movements_reconcile,
    mrr_summary_starts_where_last_month_ended
  )
);

WITH account_months AS (
  SELECT
    mrr_month,
    account_id,
    mrr,
    previous_mrr,
    mrr_change,
    mrr_movement
  FROM marts.mart_mrr_monthly
  WHERE
    mrr_month BETWEEN @start_date AND @end_date
), movements AS (
  SELECT
    mrr_month,
    SUM(previous_mrr) AS starting_mrr,
    SUM(CASE WHEN mrr_movement = 'new' THEN mrr_change ELSE 0 END) AS new_mrr,
    SUM(CASE WHEN mrr_movement = 'expansion' THEN mrr_change ELSE 0 END) AS expansion_mrr,
    SUM(CASE WHEN mrr_movement = 'reactivation' THEN mrr_change ELSE 0 END) AS reactivation_mrr,
    SUM(CASE WHEN mrr_movement = 'contraction' THEN mrr_change ELSE 0 END) AS contraction_mrr,
    SUM(CASE WHEN mrr_movement = 'churn' THEN mrr_change ELSE 0 END) AS churned_mrr,
    SUM(mrr) AS ending_mrr,
    SUM(CASE WHEN previous_mrr > 0 THEN 1 ELSE 0 END) AS starting_paying_accounts,
    SUM(CASE WHEN mrr_movement = 'new' THEN 1 ELSE 0 END) AS new_accounts,
    SUM(CASE WHEN mrr_movement = 'expansion' THEN 1 ELSE 0 END) AS expansion_accounts,
    SUM(CASE WHEN mrr_movement = 'reactivation' THEN 1 ELSE 0 END) AS reactivated_accounts,
    SUM(CASE WHEN mrr_movement = 'contraction' THEN 1 ELSE 0 END) AS contraction_accounts,
    SUM(CASE WHEN mrr_movement = 'churn' THEN 1 ELSE 0 END) AS churned_accounts,
    SUM(CASE WHEN mrr > 0 THEN 1 ELSE 0 END) AS ending_paying_accounts
  FROM account_months
  GROUP BY
    mrr_month
)
SELECT
  m.month_start AS mrr_month, /* First day of the month; MRR is measured at the end of each month. */
  CAST(COALESCE(v.starting_mrr, 0) AS DECIMAL(14, 2)) AS starting_mrr, /* MRR at the end of the month before, in USD. */
  CAST(COALESCE(v.new_mrr, 0) AS DECIMAL(14, 2)) AS new_mrr, /* MRR added by accounts paying for the first time. */
  CAST(COALESCE(v.expansion_mrr, 0) AS DECIMAL(14, 2)) AS expansion_mrr, /* MRR added by paying accounts that moved to a dearer tier. */
  CAST(COALESCE(v.reactivation_mrr, 0) AS DECIMAL(14, 2)) AS reactivation_mrr, /* MRR added by accounts paying again after a month at 0. */
  CAST(COALESCE(v.contraction_mrr, 0) AS DECIMAL(14, 2)) AS contraction_mrr, /* MRR lost (negative) by paying accounts that moved to a cheaper paid tier. */
  CAST(COALESCE(v.churned_mrr, 0) AS DECIMAL(14, 2)) AS churned_mrr, /* MRR lost (negative) by accounts that stopped paying. */
  CAST(COALESCE(v.new_mrr, 0) + COALESCE(v.expansion_mrr, 0) + COALESCE(v.reactivation_mrr, 0) + COALESCE(v.contraction_mrr, 0) + COALESCE(v.churned_mrr, 0) AS DECIMAL(14, 2)) AS net_new_mrr, /* Sum of all movements: ending_mrr - starting_mrr. */
  CAST(COALESCE(v.ending_mrr, 0) AS DECIMAL(14, 2)) AS ending_mrr, /* MRR at the end of the month, in USD. */
  CAST(COALESCE(v.starting_paying_accounts, 0) AS INT) AS starting_paying_accounts, /* Accounts with MRR at the end of the month before. */
  CAST(COALESCE(v.new_accounts, 0) AS INT) AS new_accounts, /* Accounts counted as new. */
  CAST(COALESCE(v.expansion_accounts, 0) AS INT) AS expansion_accounts, /* Accounts counted as expansion. */
  CAST(COALESCE(v.reactivated_accounts, 0) AS INT) AS reactivated_accounts, /* Accounts counted as reactivation. */
  CAST(COALESCE(v.contraction_accounts, 0) AS INT) AS contraction_accounts, /* Accounts counted as contraction. */
  CAST(COALESCE(v.churned_accounts, 0) AS INT) AS churned_accounts, /* Accounts counted as churn. */
  CAST(COALESCE(v.ending_paying_accounts, 0) AS INT) AS ending_paying_accounts /* Accounts with MRR at the end of the month. */
FROM core.dim_months AS m
LEFT JOIN movements AS v
  ON v.mrr_month = m.month_start
WHERE
  m.month_start BETWEEN @start_date AND @end_date
