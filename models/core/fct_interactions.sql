/* Customer-service interactions: one row per interaction, with the representative resolved from
the app's first name and the tier the account held when it was opened (@in_force_at).
Grain: interaction_id. Incremental by creation day with a 14-day lookback, because interactions
change after they are created (open becomes resolved). Details: docs/models/core.md. */
MODEL (
  name core.fct_interactions,
  kind INCREMENTAL_BY_TIME_RANGE (
    /* The time column is the UTC day of creation, a DATE: engines that replace a batch by
    overwriting partitions (Spark) partition the table by it, one partition per day. A timestamp
    would make one partition per instant (Hive's metastore refuses TIMESTAMP_NTZ partition
    columns), and without partitions Spark's INSERT OVERWRITE of a daily run's 15 days would
    replace the whole history. */
    time_column created_date,
    lookback 14
  ),
  owner customer_service_analytics,
  cron '@daily',
  grain interaction_id,
  tags (core, fact),
  audits (
    unique_values(columns := (interaction_id)),
    not_null(columns := (interaction_id, account_id, service_rep_id, created_at, status)),
    accepted_values(column := status, is_in := ('open', 'resolved', 'canceled')),
    accepted_values(column := rep_resolution, is_in := ('resolved', 'unknown', 'ambiguous', 'not recorded'))
  )
);

WITH interactions AS (
  SELECT
    interaction_id,
    account_id,
    channel,
    category,
    service_rep_name,
    status,
    created_at,
    completed_at
  FROM staging.stg_app__customer_interactions
  WHERE
    created_at BETWEEN @start_ts AND @end_ts
), representatives AS (
  SELECT
    service_rep_id,
    LOWER(first_name) AS first_name_key,
    start_date,
    end_date
  FROM core.dim_service_representatives
  WHERE
    NOT is_special_member
), rep_matches AS (
  SELECT
    i.interaction_id,
    COUNT(r.service_rep_id) AS matching_reps,
    MIN(r.service_rep_id) AS matched_rep_id
  FROM interactions AS i
  LEFT JOIN representatives AS r
    ON r.first_name_key = LOWER(i.service_rep_name)
    AND r.start_date <= CAST(i.created_at AS DATE)
    AND COALESCE(r.end_date, CAST('9999-12-31' AS DATE)) >= CAST(i.created_at AS DATE)
  GROUP BY
    i.interaction_id
), tier_at_creation AS (
  SELECT
    i.interaction_id,
    a.pricing_plan,
    a.is_inferred_member
  FROM interactions AS i
  INNER JOIN core.dim_accounts AS a
    ON a.account_id = i.account_id AND @in_force_at(i.created_at, a.valid_from, a.valid_to)
)
SELECT
  i.interaction_id, /* Surrogate key of the interaction (see staging). */
  i.account_id, /* Account the interaction is about; orphan ids point at an inferred member of dim_accounts. */
  COALESCE(t.is_inferred_member, TRUE) AS is_orphan_account, /* TRUE when the account is missing from the accounts extract. */
  t.pricing_plan AS pricing_plan_at_creation, /* Tier the account held when the interaction was opened (NULL for orphans). */
  i.channel, /* Contact channel: web, email, phone, chat. */
  i.category, /* Topic, e.g. Tech Support, Billing, Account Change. */
  i.service_rep_name, /* First name as typed in the app. */
  CASE
    WHEN i.service_rep_name IS NULL THEN -3
    WHEN m.matching_reps = 1 THEN m.matched_rep_id
    WHEN m.matching_reps > 1 THEN -2
    ELSE -1
  END AS service_rep_id, /* Representative (dim_service_representatives); -1 unknown name, -2 ambiguous, -3 none recorded. */
  CASE
    WHEN i.service_rep_name IS NULL THEN 'not recorded'
    WHEN m.matching_reps = 1 THEN 'resolved'
    WHEN m.matching_reps > 1 THEN 'ambiguous'
    ELSE 'unknown'
  END AS rep_resolution, /* How the first name resolved among representatives employed that day. */
  i.status, /* open, resolved or canceled, as of the latest extract. */
  i.created_at, /* When the interaction was opened (UTC). */
  i.completed_at, /* When it was resolved or canceled (UTC); NULL while open. */
  CAST(i.created_at AS DATE) AS created_date, /* UTC day of creation; the model's time column. */
  CAST(DATE_TRUNC('month', i.created_at) AS DATE) AS created_month, /* UTC month of creation (first day). */
  CASE
    WHEN NOT i.completed_at IS NULL THEN @seconds_between(i.created_at, i.completed_at) / 3600.0
  END AS hours_to_completion /* Hours from creation to completion; NULL while open. */
FROM interactions AS i
LEFT JOIN rep_matches AS m
  ON m.interaction_id = i.interaction_id
LEFT JOIN tier_at_creation AS t
  ON t.interaction_id = i.interaction_id
