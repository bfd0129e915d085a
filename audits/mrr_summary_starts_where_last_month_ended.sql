/* A month's starting MRR equals the ending MRR of the month before (0 before the first month).
The audited months are read from @this_model (the interval just built) and the month before from
the whole summary table, so the check also holds across separately built intervals: a tier history
restated after a month was built shows up here instead of as an unexplained jump. */
AUDIT (
  name mrr_summary_starts_where_last_month_ended,
  blocking true
);

SELECT
  c.mrr_month,
  c.starting_mrr,
  p.ending_mrr AS previous_ending_mrr
FROM @this_model AS c
LEFT JOIN marts.mart_mrr_summary_monthly AS p
  ON p.mrr_month = CAST(c.mrr_month - INTERVAL '1' MONTH AS DATE)
WHERE
  c.starting_mrr <> COALESCE(p.ending_mrr, 0)
