/* Every key that arrived in more than one version, one row per distinct version: which version
survived (the source's written rule, VERSION_RULES in macros/source_rules.py, the same ranking as
staging), and whether each other version was an older one superseded by a newer change or lost a
conflict (same key, other content, no newer change to explain it). Exact copies are counted in
`copies`. Rates per load day and the systemic-conflict audit: quality.source_conflict_rates. */
MODEL (
  name quality.source_conflicts,
  kind FULL,
  owner analytics_engineering,
  grain (source_table, conflict_key, version_number),
  tags (quality),
  audits (
    unique_combination_of_columns(columns := (source_table, conflict_key, version_number)),
    not_null(columns := (source_table, conflict_key, version_number, resolution, version_record, load_date))
  )
);

WITH accounts AS (
  @usable_versions('customer_accounts')
), interactions AS (
  SELECT DISTINCT
    @generate_surrogate_key(account_id, @normalize_channel(channel), @normalize_category(category), created_at) AS interaction_id,
    @source_columns('customer_interactions')
  FROM raw.customer_interactions
  WHERE
    @interaction_reject_reason() IS NULL
    AND (account_id, created_at) IN (
      /* Only an account and instant with several raw rows can hold several versions: ranking
      just those keeps this model cheap on the largest sources. */
      SELECT account_id, created_at FROM raw.customer_interactions GROUP BY account_id, created_at HAVING COUNT(*) > 1
    )
), licenses AS (
  @usable_versions('customer_licenses')
), tier_changes AS (
  @usable_versions('account_tier_changes')
), trials AS (
  @usable_versions('feature_trials')
), usage_event_days AS (
  SELECT
    CAST(occurred_at AS DATE) AS usage_date,
    COUNT(*) AS raw_rows
  FROM raw.product_usage_events
  WHERE
    NOT @outside_complete_days(occurred_at)
  GROUP BY
    CAST(occurred_at AS DATE)
), usage_event_surplus_days AS (
  /* Complete days with a raw row neither staged nor quarantined: a copy or another version. */
  SELECT
    r.usage_date
  FROM usage_event_days AS r
  LEFT JOIN (
    SELECT occurred_date, COUNT(*) AS staged_rows FROM staging.stg_app__product_usage_events GROUP BY occurred_date
  ) AS s
    ON s.occurred_date = r.usage_date
  LEFT JOIN (
    SELECT row_date, COUNT(*) AS quarantined_rows FROM quality.quarantined_rows_daily WHERE source_table = 'product_usage_events' GROUP BY row_date
  ) AS q
    ON q.row_date = r.usage_date
  WHERE
    r.raw_rows > COALESCE(s.staged_rows, 0) + COALESCE(q.quarantined_rows, 0)
), usage_events AS (
  SELECT DISTINCT
    @source_columns('product_usage_events')
  FROM raw.product_usage_events
  WHERE
    @usage_event_reject_reason() IS NULL
    AND event_id IN (
      /* An id with several versions has a raw row that staging did not keep, on a day whose raw
      rows outnumber its staged and quarantined ones, or on no complete day (the build's own):
      only those days' ids are looked up, so the model reads no other day's rows. */
      SELECT
        event_id
      FROM raw.product_usage_events
      WHERE
        @outside_complete_days(occurred_at)
        OR CAST(occurred_at AS DATE) IN (SELECT usage_date FROM usage_event_surplus_days)
    )
), versions AS (
  /* Per source: the key, the version's values, the change time that orders versions of one
  owner (NULL when the source has none: then every other version is a conflict), the owner, the
  load day (the day of the row's last change) and the staging rank. */
  SELECT
    'customer_accounts' AS source_table,
    CAST(account_id AS TEXT) AS conflict_key,
    CONCAT_WS(' | ', CAST(account_id AS TEXT), COALESCE(@pii_hash(LOWER(TRIM(email))), 'NULL'), current_tier, CAST(created_at AS TEXT), CAST(updated_at AS TEXT)) AS version_record,
    updated_at AS changed_at,
    CAST(account_id AS TEXT) AS owner_key,
    CAST(updated_at AS DATE) AS load_date,
    @version_rank('customer_accounts') AS version_number,
    COUNT(*) OVER (PARTITION BY account_id) AS key_versions
  FROM accounts
  UNION ALL
  SELECT
    'customer_interactions',
    interaction_id,
    CONCAT_WS(' | ', CAST(account_id AS TEXT), channel, category, COALESCE(service_rep_name, 'NULL'), status, CAST(created_at AS TEXT), COALESCE(CAST(completed_at AS TEXT), 'NULL')),
    COALESCE(completed_at, created_at),
    CAST(account_id AS TEXT),
    CAST(created_at AS DATE),
    @version_rank('customer_interactions'),
    COUNT(*) OVER (PARTITION BY interaction_id, created_at)
  FROM interactions
  UNION ALL
  SELECT
    'customer_licenses',
    license_id,
    CONCAT_WS(' | ', CAST(account_id AS TEXT), license_id, role, status, CAST(created_at AS TEXT), CAST(updated_at AS TEXT)),
    updated_at,
    CAST(account_id AS TEXT),
    CAST(updated_at AS DATE),
    @version_rank('customer_licenses'),
    COUNT(*) OVER (PARTITION BY license_id)
  FROM licenses
  UNION ALL
  SELECT
    'account_tier_changes',
    CONCAT_WS(' | ', CAST(account_id AS TEXT), CAST(changed_at AS TEXT)),
    CONCAT_WS(' | ', CAST(account_id AS TEXT), from_tier, to_tier, CAST(changed_at AS TEXT)),
    CAST(NULL AS TIMESTAMP),
    CAST(account_id AS TEXT),
    CAST(changed_at AS DATE),
    @version_rank('account_tier_changes'),
    COUNT(*) OVER (PARTITION BY account_id, changed_at)
  FROM tier_changes
  UNION ALL
  SELECT
    'feature_trials',
    CONCAT_WS(' | ', CAST(account_id AS TEXT), feature_key, CAST(starts_at AS TEXT)),
    CONCAT_WS(' | ', CAST(account_id AS TEXT), feature_key, CAST(starts_at AS TEXT), CAST(ends_at AS TEXT)),
    CAST(NULL AS TIMESTAMP),
    CAST(account_id AS TEXT),
    CAST(starts_at AS DATE),
    @version_rank('feature_trials'),
    COUNT(*) OVER (PARTITION BY account_id, feature_key, starts_at)
  FROM trials
  UNION ALL
  SELECT
    'product_usage_events',
    CAST(event_id AS TEXT),
    CONCAT_WS(' | ', CAST(event_id AS TEXT), CAST(account_id AS TEXT), COALESCE(license_id, 'NULL'), feature_key, CAST(occurred_at AS TEXT)),
    CAST(NULL AS TIMESTAMP),
    CAST(account_id AS TEXT),
    CAST(occurred_at AS DATE),
    @version_rank('product_usage_events'),
    COUNT(*) OVER (PARTITION BY event_id)
  FROM usage_events
), contested AS (
  SELECT
    source_table,
    conflict_key,
    version_record,
    changed_at,
    owner_key,
    load_date,
    version_number
  FROM versions
  WHERE
    key_versions > 1
), rules AS (
  @version_rules()
)
SELECT
  c.source_table, /* Raw table (schema raw) the versions came from. */
  c.conflict_key, /* The key with several versions (several columns joined by ' | '). */
  CAST(c.version_number AS INT) AS version_number, /* Rank of the version under the source's rule: 1 survived. */
  CASE
    WHEN c.version_number = 1 THEN 'survived'
    WHEN c.owner_key = w.owner_key AND c.changed_at < w.changed_at THEN 'superseded'
    ELSE 'lost conflict'
  END AS resolution, /* survived; superseded (an older state of the same owner's row); lost conflict (other content, nothing newer to explain it). */
  c.version_record, /* The version's values (normalized as in staging) joined by ' | '; an account's email as its salted hash (core's email_hash). */
  w.version_record AS surviving_record, /* The values of the version that survived. */
  c.load_date, /* Day of the version's last change (UTC): the load day its row arrived with. */
  r.resolution_rule /* The source's written rule that picked the survivor. */
FROM contested AS c
INNER JOIN contested AS w
  ON w.source_table = c.source_table AND w.conflict_key = c.conflict_key AND w.version_number = 1
INNER JOIN rules AS r
  ON r.source_table = c.source_table
