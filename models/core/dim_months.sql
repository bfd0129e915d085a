/* The month spine: one row per calendar month (UTC), taken from core.dim_date (its first days).
Grain: month_start. Every month-grained model reads its months here. */
MODEL (
  name core.dim_months,
  kind FULL,
  owner analytics_engineering,
  grain month_start,
  tags (core, dimension),
  audits (
    unique_values(columns := (month_start)),
    not_null(columns := (month_start, next_month_start, month_end, days_in_month))
  )
);

SELECT
  month_start, /* First day of the month. */
  next_month_start, /* First day of the following month (the month's exclusive end). */
  CAST(next_month_start - INTERVAL '1' DAY AS DATE) AS month_end, /* Last day of the month. */
  days_in_month, /* Number of days in the month (28-31). */
  calendar_year, /* Calendar year. */
  calendar_month /* Month number, 1-12. */
FROM core.dim_date
WHERE
  day_of_month = 1
