/* The window in which a source timestamp is plausible: one row, from DogDB's first day of business
(variable first_business_day) to the build's execution time. Rebuilt by every plan and run, so the
staging views and quality.quarantined_rows, which read it, judge rows against the same build time. */
MODEL (
  name staging.plausibility_window,
  kind FULL,
  owner analytics_engineering,
  grain built_at,
  tags (staging, quality),
  audits (
    unique_values(columns := (built_at)),
    not_null(columns := (first_business_day, built_at))
  )
);

SELECT
  CAST(@first_business_day AS DATE) AS first_business_day, /* DogDB's first day of business: earlier timestamps are quarantined. */
  CAST(@execution_ts AS TIMESTAMP) AS built_at /* The build's execution time (UTC): later timestamps are quarantined until a build reaches them. */
