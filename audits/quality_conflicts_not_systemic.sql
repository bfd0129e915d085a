/* Conflicts are resolved and recorded, and stop the pipeline only when systemic: a source's share
of conflicting rows on one load day above the variable conflict_rate_limit (default 1%), with at
least conflict_min_rows of them, so that a single row never stops anything. Each failing row names
the source, the day, the rate and example keys. */
AUDIT (
  name quality_conflicts_not_systemic,
  blocking TRUE
);

SELECT
  source_table,
  load_date,
  raw_rows,
  conflicting_rows,
  conflict_rate,
  example_keys
FROM @this_model
WHERE
  conflict_rate > @VAR('conflict_rate_limit')
  AND conflicting_rows >= @VAR('conflict_min_rows')
