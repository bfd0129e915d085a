/* The billed totals by payment method equal the sum of the billing lines, to the cent. */
AUDIT (
  name billing_totals_match_lines,
  blocking true
);

WITH lines AS (
  SELECT
    billing_month,
    payment_method,
    COUNT(*) AS billing_lines,
    SUM(billed_amount) AS billed_amount
  FROM marts.mart_billing_lines
  GROUP BY
    billing_month,
    payment_method
)
SELECT
  t.billing_month,
  t.payment_method,
  t.billing_lines,
  t.billed_amount,
  l.billing_lines AS line_count,
  l.billed_amount AS line_amount
FROM @this_model AS t
LEFT JOIN lines AS l
  ON l.billing_month = t.billing_month AND l.payment_method = t.payment_method
WHERE
  t.billing_lines <> COALESCE(l.billing_lines, 0)
  OR t.billed_amount <> COALESCE(l.billed_amount, 0)
