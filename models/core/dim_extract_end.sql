/* The end of the data: one row with the extract's last complete day (UTC) and the moment after it.
Grain: last_complete_day. Rule: the last day with any usage event or interaction, but never the
build's own day or later (a day is complete once the build has passed its end). Every "as of
now" figure (active customers, access now) is taken at as_of_ts, never at the clock. */
MODEL (
  name core.dim_extract_end,
  kind FULL,
  owner analytics_engineering,
  grain last_complete_day,
  tags (core, dimension),
  audits (
    unique_values(columns := (last_complete_day)),
    not_null(columns := (last_complete_day, as_of_ts, last_complete_week_start))
  )
);

WITH last_days AS (
  SELECT MAX(usage_date) AS last_day FROM core.fct_feature_usage_daily
  UNION ALL
  SELECT MAX(created_date) AS last_day FROM core.fct_interactions
), bounded AS (
  SELECT
    LEAST(MAX(last_day), CAST(CAST(@execution_ts AS TIMESTAMP) - INTERVAL '1' DAY AS DATE)) AS last_complete_day
  FROM last_days
)
SELECT
  last_complete_day, /* The extract's last complete day (UTC). */
  CAST(last_complete_day + INTERVAL '1' DAY AS TIMESTAMP) AS as_of_ts, /* Midnight after it: the moment "now" means in every as-of-now figure. */
  CAST(DATE_TRUNC('week', last_complete_day + INTERVAL '1' DAY) - INTERVAL '7' DAY AS DATE) AS last_complete_week_start /* Monday of the last ISO week that ended by as_of_ts (weekly answers stop there). */
FROM bounded
WHERE
  NOT last_complete_day IS NULL
