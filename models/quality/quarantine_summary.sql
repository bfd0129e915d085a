/* One row per source table and reject reason: how many raw rows quality.quarantined_rows holds
for it. Grain: (source_table, reject_reason). Read by the dashboard's Data quality page. */
MODEL (
  name quality.quarantine_summary,
  kind FULL,
  owner analytics_engineering,
  grain (source_table, reject_reason),
  tags (quality),
  audits (
    unique_combination_of_columns(columns := (source_table, reject_reason)),
    not_null(columns := (source_table, reject_reason, quarantined_rows))
  )
);

SELECT
  source_table, /* Raw table the rows came from. */
  reject_reason, /* Why staging could not use them (macros/source_rules.py). */
  CAST(COUNT(*) AS BIGINT) AS quarantined_rows /* Raw rows quarantined for that reason. */
FROM quality.quarantined_rows
GROUP BY
  source_table,
  reject_reason
