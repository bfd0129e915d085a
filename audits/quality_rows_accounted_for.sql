/* Every raw row has exactly one outcome, and what staging keeps lands in core: per source,
used + outside the modelled range + quarantined + exact copies + superseded + lost conflicts equals
the raw row count (no row unaccounted for: each outcome is counted from the rows it holds, exact
copies too), the staged rows equal used + outside the range, and no count is negative. A failing
row names the source with all its counts. */
AUDIT (
  name quality_rows_accounted_for,
  blocking TRUE
);

SELECT
  source_table,
  raw_rows,
  loaded_rows,
  used_rows,
  outside_range_rows,
  quarantined_rows,
  exact_duplicate_rows,
  superseded_rows,
  conflict_losing_rows,
  unaccounted_rows
FROM @this_model
WHERE
  unaccounted_rows <> 0
  OR used_rows + outside_range_rows + quarantined_rows + exact_duplicate_rows + superseded_rows + conflict_losing_rows <> raw_rows
  OR loaded_rows <> used_rows + outside_range_rows
  OR exact_duplicate_rows < 0
