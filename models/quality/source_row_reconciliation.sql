/* Where every raw row went, one row per source table, each raw row in exactly one outcome: used
(where it lands in core), outside the modelled range (usable rows of the build's own day), quarantined
(quality.quarantined_rows), an exact copy (counted from the rows, per day in quality.usable_versions_daily),
an older version superseded or the losing side of a conflict (quality.source_conflicts). A raw row in
none is unaccounted_rows; the blocking audit quality_rows_accounted_for trips on it. Orphans and
unresolved representatives are counted too. */
MODEL (
  name quality.source_row_reconciliation,
  kind FULL,
  owner analytics_engineering,
  grain source_table,
  tags (quality),
  audits (
    unique_values(columns := (source_table)),
    not_null(columns := (source_table, raw_rows, loaded_rows, quarantined_rows, deduplicated_rows, used_rows)),
    quality_rows_accounted_for
  )
);

WITH accounts AS (
  SELECT account_id FROM staging.stg_app__customer_accounts
), build_day_usage_events AS (
  SELECT
    CAST(occurred_at AS DATE) AS row_date,
    @source_columns('product_usage_events')
  FROM raw.product_usage_events
  WHERE
    occurred_at >= @build_day_start()
    AND @usage_event_reject_reason() IS NULL
), pending_usage_events AS (
  /* Usable events of the build's own day: the staging table holds complete days only, so they
  are staged by the run after their day ends; counted as staged and outside the range. An id
  already sent on an earlier day is not: the earliest version wins, so the new row is a losing
  version (quality.source_conflicts), not a pending one. */
  SELECT
    event_id,
    MIN(account_id) AS account_id
  FROM build_day_usage_events
  WHERE
    NOT event_id IN (
      SELECT
        event_id
      FROM raw.product_usage_events
      WHERE
        event_id IN (SELECT event_id FROM build_day_usage_events)
        AND occurred_at < @build_day_start()
        AND @usage_event_reject_reason() IS NULL
    )
  GROUP BY
    event_id
), build_day_interactions AS (
  SELECT
    CAST(created_at AS DATE) AS row_date,
    @source_columns('customer_interactions')
  FROM raw.customer_interactions
  WHERE
    created_at >= @build_day_start()
    AND @interaction_reject_reason() IS NULL
), pending_interactions AS (
  /* Usable interactions of the build's own day, likewise staged once the day ends (one per key). */
  SELECT DISTINCT
    account_id,
    channel,
    category,
    created_at
  FROM build_day_interactions
), build_day_licenses AS (
  /* Usable licenses of the build's own day. */
  SELECT
    license_id,
    account_id
  FROM (
    SELECT
      account_id,
      created_at,
      updated_at,
      @license_json_columns()
    FROM raw.customer_licenses
    WHERE
      COALESCE(updated_at, created_at) >= @build_day_start()
  ) AS licenses
  WHERE
    @license_reject_reason(is_valid_json, license_id, role, status) IS NULL
), pending_licenses AS (
  /* One per license_id, staged once the day ends. */
  SELECT
    license_id,
    MIN(account_id) AS account_id
  FROM build_day_licenses
  GROUP BY
    license_id
), raw_counts AS (
  @per_source(raw, COUNT(*) AS raw_rows)
), staged_rows AS (
  @per_source(staging, COUNT(*) AS loaded_rows)
), orphan_rows AS (
  /* Staged rows whose account the extract lacks: core infers a member for each such id. The ids
  are few, so only their rows are read. (Accounts themselves have no orphans.) */
  SELECT
    source_table,
    COUNT(*) AS orphan_account_rows
  FROM (
    @per_source(staging, account_id, skip := customer_accounts)
  ) AS staged
  WHERE
    account_id IN (SELECT account_id FROM core.dim_accounts WHERE is_inferred_member)
  GROUP BY
    source_table
), pending AS (
  /* Rows of the build's own day, in no staging table yet: their accounts are looked up directly. */
  SELECT
    p.source_table,
    COUNT(*) AS loaded_rows,
    SUM(CASE WHEN a.account_id IS NULL THEN 1 ELSE 0 END) AS orphan_account_rows
  FROM (
    SELECT 'customer_interactions' AS source_table, account_id FROM pending_interactions
    UNION ALL
    SELECT 'customer_licenses', account_id FROM pending_licenses
    UNION ALL
    SELECT 'product_usage_events', account_id FROM pending_usage_events
  ) AS p
  LEFT JOIN accounts AS a
    ON a.account_id = p.account_id
  GROUP BY
    p.source_table
), staged_counts AS (
  SELECT
    s.source_table,
    s.loaded_rows + COALESCE(p.loaded_rows, 0) AS loaded_rows,
    COALESCE(o.orphan_account_rows, 0) + COALESCE(p.orphan_account_rows, 0) AS orphan_account_rows
  FROM staged_rows AS s
  LEFT JOIN orphan_rows AS o
    ON o.source_table = s.source_table
  LEFT JOIN pending AS p
    ON p.source_table = s.source_table
), quarantine_counts AS (
  SELECT
    source_table,
    COUNT(*) AS quarantined_rows
  FROM quality.quarantined_rows
  GROUP BY
    source_table
), version_counts AS (
  SELECT
    source_table,
    SUM(CASE WHEN resolution = 'superseded' THEN 1 ELSE 0 END) AS superseded_rows,
    SUM(CASE WHEN resolution = 'lost conflict' THEN 1 ELSE 0 END) AS conflict_losing_rows
  FROM quality.source_conflicts
  GROUP BY
    source_table
), used AS (
  /* Where staged rows land. Tier changes land in the history of their (known) account; trials
  are read whole by the access model, so they count as used when staged. */
  SELECT 'customer_accounts' AS source_table, COUNT(DISTINCT account_id) AS used_rows FROM core.dim_accounts WHERE NOT is_inferred_member
  UNION ALL
  SELECT 'customer_interactions', COUNT(*) FROM core.fct_interactions
  UNION ALL
  SELECT 'customer_licenses', COUNT(*) FROM core.dim_licenses
  UNION ALL
  SELECT
    'account_tier_changes',
    COUNT(*)
  FROM staging.stg_app__account_tier_changes AS c
  WHERE
    c.account_id IN (SELECT account_id FROM core.dim_accounts WHERE NOT is_inferred_member)
  UNION ALL
  SELECT 'feature_trials', COUNT(*) FROM staging.stg_app__feature_trials
  UNION ALL
  SELECT 'product_usage_events', COALESCE(SUM(event_count), 0) FROM core.fct_feature_usage_daily
), outside_range AS (
  /* Usable rows outside the daily facts' range, which ends with the last complete day before the
  build: rows of the build's own day, which the staging tables stage once the day ends. */
  SELECT 'customer_interactions' AS source_table, COUNT(*) AS outside_range_rows FROM pending_interactions
  UNION ALL
  SELECT 'customer_licenses', COUNT(*) FROM pending_licenses
  UNION ALL
  SELECT 'product_usage_events', COUNT(*) FROM pending_usage_events
), build_day_versions AS (
  @versions_per_day(build_day_interactions, 'customer_interactions')
  UNION ALL
  @versions_per_day(build_day_usage_events, 'product_usage_events')
), exact_copies AS (
  /* Usable rows identical to another after normalization, counted from the rows (usable rows
  minus their distinct versions), not as the rest: a raw row no model processed (a row for a day
  past the staging tables' lookback) is then in no outcome, and the audit trips. The build day's
  further rows of a pending license count as copies until its day is staged. */
  SELECT
    source_table,
    SUM(usable_rows - distinct_versions) AS exact_copy_rows
  FROM (
    SELECT source_table, usable_rows, distinct_versions FROM quality.usable_versions_daily
    UNION ALL
    SELECT source_table, usable_rows, distinct_versions FROM build_day_versions
    UNION ALL
    @usable_version_counts()
    UNION ALL
    SELECT 'customer_licenses', (SELECT COUNT(*) FROM build_day_licenses), (SELECT COUNT(*) FROM pending_licenses)
  ) AS counted
  GROUP BY
    source_table
), unresolved_reps AS (
  SELECT
    'customer_interactions' AS source_table,
    SUM(CASE WHEN rep_resolution = 'unknown' THEN 1 ELSE 0 END) AS unknown_rep_rows,
    SUM(CASE WHEN rep_resolution = 'ambiguous' THEN 1 ELSE 0 END) AS ambiguous_rep_rows,
    SUM(CASE WHEN rep_resolution = 'not recorded' THEN 1 ELSE 0 END) AS missing_rep_rows
  FROM core.fct_interactions
)
SELECT
  r.source_table, /* Raw table (schema raw). */
  CAST(r.raw_rows AS BIGINT) AS raw_rows, /* Rows in the raw extract. */
  CAST(COALESCE(s.loaded_rows, 0) AS BIGINT) AS loaded_rows, /* Rows staging kept (one per entity). */
  CAST(COALESCE(x.used_rows, 0) AS BIGINT) AS used_rows, /* Staged rows counted where they land in core. */
  CAST(COALESCE(o.outside_range_rows, 0) AS BIGINT) AS outside_range_rows, /* Staged rows after the facts' last complete interval (today's, until its interval ends). */
  CAST(COALESCE(q.quarantined_rows, 0) AS BIGINT) AS quarantined_rows, /* Rows rejected with a reason (quality.quarantined_rows). */
  CAST(COALESCE(e.exact_copy_rows, 0) AS BIGINT) AS exact_duplicate_rows, /* Usable rows identical after normalization to another (a retried insert), counted from the rows: usable rows minus their distinct versions. */
  CAST(COALESCE(v.superseded_rows, 0) AS BIGINT) AS superseded_rows, /* Older versions of a row replaced by a newer change (quality.source_conflicts). */
  CAST(COALESCE(v.conflict_losing_rows, 0) AS BIGINT) AS conflict_losing_rows, /* Versions that lost a conflict under the source's rule (quality.source_conflicts). */
  CAST(r.raw_rows - COALESCE(s.loaded_rows, 0) - COALESCE(q.quarantined_rows, 0) AS BIGINT) AS deduplicated_rows, /* Raw rows neither kept nor quarantined: staging folded them into another (exact_duplicate_rows + superseded_rows + conflict_losing_rows when nothing is unaccounted for). */
  CAST(COALESCE(s.orphan_account_rows, 0) AS BIGINT) AS orphan_account_rows, /* Kept rows whose account is missing from the accounts extract (attached to an inferred member). */
  CAST(COALESCE(u.unknown_rep_rows, 0) AS BIGINT) AS unknown_rep_rows, /* Interactions whose rep first name matches no representative employed that day. */
  CAST(COALESCE(u.ambiguous_rep_rows, 0) AS BIGINT) AS ambiguous_rep_rows, /* Interactions whose rep first name matches several representatives employed that day. */
  CAST(COALESCE(u.missing_rep_rows, 0) AS BIGINT) AS missing_rep_rows, /* Interactions with no rep name recorded. */
  CAST(r.raw_rows - COALESCE(x.used_rows, 0) - COALESCE(o.outside_range_rows, 0) - COALESCE(q.quarantined_rows, 0) - COALESCE(e.exact_copy_rows, 0) - COALESCE(v.superseded_rows, 0) - COALESCE(v.conflict_losing_rows, 0) AS BIGINT) AS unaccounted_rows /* Raw rows in no outcome (0 when every row is accounted for); quality_rows_accounted_for trips otherwise. */
FROM raw_counts AS r
LEFT JOIN staged_counts AS s
  ON s.source_table = r.source_table
LEFT JOIN quarantine_counts AS q
  ON q.source_table = r.source_table
LEFT JOIN version_counts AS v
  ON v.source_table = r.source_table
LEFT JOIN used AS x
  ON x.source_table = r.source_table
LEFT JOIN outside_range AS o
  ON o.source_table = r.source_table
LEFT JOIN unresolved_reps AS u
  ON u.source_table = r.source_table
LEFT JOIN exact_copies AS e
  ON e.source_table = r.source_table
