/* A month's MRR movements add up exactly: starting + new + expansion + reactivation + contraction
+ churn = ending, and net_new_mrr is their sum. */
AUDIT (
  name mrr_summary_movements_reconcile,
  blocking true
);

SELECT
  mrr_month,
  starting_mrr,
  new_mrr,
  expansion_mrr,
  reactivation_mrr,
  contraction_mrr,
  churned_mrr,
  net_new_mrr,
  ending_mrr
FROM @this_model
WHERE
  starting_mrr + new_mrr + expansion_mrr + reactivation_mrr + contraction_mrr + churned_mrr <> ending_mrr
  OR starting_mrr + net_new_mrr <> ending_mrr
