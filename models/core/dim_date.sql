/* The calendar: one row per day (UTC) from 2019-01-01 to 2030-12-31, with its month and ISO week.
Grain: date_day. Every model takes its days and weeks here and its months from core.dim_months. */
MODEL (
  name core.dim_date,
  kind FULL,
  owner analytics_engineering,
  grain date_day,
  tags (core, dimension),
  audits (
    unique_values(columns := (date_day)),
    not_null(columns := (date_day, month_start, week_start))
  )
);

WITH spine AS (
  @calendar_days(@VAR('calendar_start', '2019-01-01'), @VAR('calendar_end', '2030-12-31'))
)
SELECT
  CAST(date_day AS DATE) AS date_day, /* The calendar day (UTC). */
  CAST(DATE_TRUNC('month', date_day) AS DATE) AS month_start, /* First day of the day's month. */
  CAST(DATE_TRUNC('month', date_day) + INTERVAL '1' MONTH AS DATE) AS next_month_start, /* First day of the following month. */
  CAST(DATE_TRUNC('week', date_day) AS DATE) AS week_start, /* Monday of the day's ISO week. */
  CAST(EXTRACT(YEAR FROM date_day) AS INT) AS calendar_year, /* Calendar year. */
  CAST(EXTRACT(MONTH FROM date_day) AS INT) AS calendar_month, /* Month number, 1-12. */
  CAST(EXTRACT(DAY FROM date_day) AS INT) AS day_of_month, /* Day number within the month, 1-31. */
  CAST(EXTRACT(DAY FROM CAST(DATE_TRUNC('month', date_day) + INTERVAL '1' MONTH AS DATE) - INTERVAL '1' DAY) AS INT) AS days_in_month, /* Number of days in the day's month (28-31). */
  CAST(date_day AS DATE) = CAST(DATE_TRUNC('month', date_day) + INTERVAL '1' MONTH AS DATE) - INTERVAL '1' DAY AS is_month_end /* TRUE on the last day of a month. */
FROM spine
