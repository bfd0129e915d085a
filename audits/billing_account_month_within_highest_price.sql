/* An account's prorated amounts in a month never add up to more than the highest monthly plan
price (an account holds one tier per day, so a month costs at most a full month of the dearest
tier). Checked on the exact amounts (with a float tolerance) and on the cents actually billed.
The prices are read from core.dim_account_tier_days, the lines' own source (an audit may read only
its model's dependencies: a first prod build has no other view yet). */
AUDIT (
  name billing_account_month_within_highest_price,
  blocking true
);

WITH account_months AS (
  SELECT
    billing_month,
    account_id,
    SUM(prorated_amount) AS prorated_amount,
    SUM(billed_amount) AS billed_amount
  FROM @this_model
  GROUP BY
    billing_month,
    account_id
), highest_price AS (
  SELECT
    MAX(monthly_price) AS highest_monthly_price
  FROM core.dim_account_tier_days
)
SELECT
  a.billing_month,
  a.account_id,
  a.prorated_amount,
  a.billed_amount,
  h.highest_monthly_price
FROM account_months AS a
CROSS JOIN highest_price AS h
WHERE
  a.prorated_amount > h.highest_monthly_price + 0.000001
  OR a.billed_amount > h.highest_monthly_price
