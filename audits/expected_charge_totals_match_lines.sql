/* The expected totals by payment method equal the sum of the expected charge lines, to the cent. */
AUDIT (
  name expected_charge_totals_match_lines,
  blocking true
);

SELECT * FROM (@totals_differing_from_lines(@this_model, marts.mart_expected_charges, charge_month, paying_accounts, account_id, expected_amount)) AS differing
