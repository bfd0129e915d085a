/* The billed totals by payment method equal the sum of the billing lines, to the cent. */
AUDIT (
  name billing_totals_match_lines,
  blocking true
);

SELECT * FROM (@totals_differing_from_lines(@this_model, marts.mart_billing_lines, billing_month, billing_lines, 1, billed_amount)) AS differing
