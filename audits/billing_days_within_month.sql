/* Billing lines never bill more days than the month has: neither one line nor all of an account's
lines of a month together (an account holds one tier per day). */
AUDIT (
  name billing_days_within_month,
  blocking true
);

WITH account_months AS (
  SELECT
    billing_month,
    account_id,
    MAX(days_in_month) AS days_in_month,
    SUM(days_on_plan) AS billed_days
  FROM @this_model
  GROUP BY
    billing_month,
    account_id
)
SELECT
  billing_month,
  account_id,
  days_in_month,
  billed_days
FROM account_months
WHERE
  billed_days > days_in_month
