/* The expected totals by payment method equal the sum of the expected charge lines, to the cent. */
AUDIT (
  name expected_charge_totals_match_lines,
  blocking true
);

WITH lines AS (
  SELECT
    charge_month,
    payment_method,
    COUNT(account_id) AS paying_accounts,
    SUM(expected_amount) AS expected_amount
  FROM marts.mart_expected_charges
  GROUP BY
    charge_month,
    payment_method
)
SELECT
  t.charge_month,
  t.payment_method,
  t.paying_accounts,
  t.expected_amount,
  l.paying_accounts AS line_accounts,
  l.expected_amount AS line_amount
FROM @this_model AS t
LEFT JOIN lines AS l
  ON l.charge_month = t.charge_month AND l.payment_method = t.payment_method
WHERE
  t.paying_accounts <> COALESCE(l.paying_accounts, 0)
  OR t.expected_amount <> COALESCE(l.expected_amount, 0)
