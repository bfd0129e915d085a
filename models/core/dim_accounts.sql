/* Accounts with their tier history (SCD type 2): one row per account and period in which its tier
did not change. Grain: (account_id, valid_from). Rebuilt from the tier-change log: the first
change's from_tier (else the current tier) from creation, one period per change, and the extract's
tier from updated_at when it disagrees with the log. Orphan ids referenced by facts get one
inferred member without a tier. Customer definition: is_customer. Details: docs/models/core.md. */
MODEL (
  name core.dim_accounts,
  kind FULL,
  owner analytics_engineering,
  grain (account_id, valid_from),
  tags (core, dimension, scd2),
  audits (
    unique_combination_of_columns(columns := (account_id, valid_from)),
    unique_values(columns := (account_version_key)),
    not_null(columns := (account_version_key, account_id, valid_from, is_current, is_inferred_member, is_customer)),
    scd2_one_current_row_per_account
  )
);

WITH accounts AS (
  SELECT
    account_id,
    email_normalized,
    email_domain,
    current_tier,
    created_at,
    updated_at
  FROM staging.stg_app__customer_accounts
), case_duplicate_emails AS (
  /* Normalized emails that several accounts wrote differing only in letter case (suspicious). */
  SELECT
    email_normalized
  FROM staging.stg_app__customer_accounts
  GROUP BY
    email_normalized
  HAVING
    COUNT(DISTINCT email) > 1
), changes AS (
  SELECT
    c.account_id,
    c.from_tier,
    c.to_tier,
    CASE WHEN c.changed_at < a.created_at THEN a.created_at ELSE c.changed_at END AS changed_at,
    ROW_NUMBER() OVER (PARTITION BY c.account_id ORDER BY c.changed_at) AS change_number,
    ROW_NUMBER() OVER (PARTITION BY c.account_id ORDER BY c.changed_at DESC) AS reverse_change_number
  FROM staging.stg_app__account_tier_changes AS c
  INNER JOIN accounts AS a
    ON a.account_id = c.account_id
), periods AS (
  SELECT
    a.account_id,
    a.created_at AS valid_from,
    COALESCE(f.from_tier, a.current_tier) AS pricing_plan,
    'initial' AS tier_source,
    1 AS source_priority
  FROM accounts AS a
  LEFT JOIN changes AS f
    ON f.account_id = a.account_id AND f.change_number = 1
  UNION ALL
  SELECT
    account_id,
    changed_at AS valid_from,
    to_tier AS pricing_plan,
    'change_log' AS tier_source,
    2 AS source_priority
  FROM changes
  UNION ALL
  SELECT
    a.account_id,
    a.updated_at AS valid_from,
    a.current_tier AS pricing_plan,
    'extract' AS tier_source,
    3 AS source_priority
  FROM accounts AS a
  INNER JOIN changes AS l
    ON l.account_id = a.account_id AND l.reverse_change_number = 1
  WHERE
    l.to_tier <> a.current_tier AND a.updated_at > l.changed_at
), deduplicated_periods AS (
  SELECT
    account_id,
    valid_from,
    pricing_plan,
    tier_source
  FROM (
    SELECT
      account_id,
      valid_from,
      pricing_plan,
      tier_source,
      ROW_NUMBER() OVER (PARTITION BY account_id, valid_from ORDER BY source_priority DESC) AS period_rank
    FROM periods
  ) AS ranked_periods
  WHERE
    period_rank = 1
), referenced_accounts AS (
  SELECT account_id FROM staging.stg_app__customer_interactions
  UNION
  SELECT account_id FROM staging.stg_app__customer_licenses
  UNION
  SELECT account_id FROM staging.stg_app__account_tier_changes
  UNION
  SELECT account_id FROM staging.stg_app__feature_trials
  UNION
  SELECT account_id FROM staging.stg_app__product_usage_events
), inferred_members AS (
  SELECT
    r.account_id
  FROM referenced_accounts AS r
  LEFT JOIN accounts AS a
    ON a.account_id = r.account_id
  WHERE
    a.account_id IS NULL
), versions AS (
  SELECT
    p.account_id,
    p.valid_from,
    CAST(LEAD(p.valid_from) OVER (PARTITION BY p.account_id ORDER BY p.valid_from) AS TIMESTAMP) AS valid_to,
    p.pricing_plan,
    p.tier_source,
    a.created_at AS account_created_at,
    @pii_hash(a.email_normalized) AS email_hash,
    a.email_domain,
    @is_internal_email(a.email_normalized) AS is_internal_account,
    NOT d.email_normalized IS NULL AS has_case_duplicate_email,
    FALSE AS is_inferred_member
  FROM deduplicated_periods AS p
  INNER JOIN accounts AS a
    ON a.account_id = p.account_id
  LEFT JOIN case_duplicate_emails AS d
    ON d.email_normalized = a.email_normalized
  UNION ALL
  SELECT
    account_id,
    CAST('1970-01-01 00:00:00' AS TIMESTAMP) AS valid_from,
    CAST(NULL AS TIMESTAMP) AS valid_to,
    CAST(NULL AS TEXT) AS pricing_plan,
    'inferred' AS tier_source,
    CAST(NULL AS TIMESTAMP) AS account_created_at,
    CAST(NULL AS TEXT) AS email_hash,
    CAST(NULL AS TEXT) AS email_domain,
    FALSE AS is_internal_account,
    FALSE AS has_case_duplicate_email,
    TRUE AS is_inferred_member
  FROM inferred_members
)
SELECT
  @generate_surrogate_key(account_id, valid_from) AS account_version_key, /* Surrogate key of the account version (hash of account_id and valid_from). */
  account_id, /* The app's account id; for an inferred member, the orphan id that facts reference. */
  pricing_plan, /* Tier held during [valid_from, valid_to): Free, Medium or Enterprise; NULL for inferred members. */
  valid_from, /* Start of the version (UTC, inclusive); 1970-01-01 for inferred members. */
  valid_to, /* End of the version (UTC, exclusive); NULL for the current version. */
  valid_to IS NULL AS is_current, /* TRUE for the account's current version. */
  tier_source, /* Where the period comes from: initial, change_log, extract (a change the log missed) or inferred. */
  account_created_at, /* When the account was created (UTC); NULL for inferred members. */
  email_hash, /* Salted MD5 of the normalized email (the email itself never leaves staging). */
  email_domain, /* Domain of the account's email, e.g. for disposable-domain checks. */
  is_internal_account, /* TRUE for DogDB's own and test accounts (@is_internal_email): not customers. */
  @is_customer(is_internal_account, is_inferred_member) AS is_customer, /* The customer definition (@is_customer): neither internal/test nor an inferred member. */
  has_case_duplicate_email, /* TRUE when another account's email equals this one's except for letter case. */
  is_inferred_member /* TRUE for a late-arriving member inferred from an orphan key in a fact. */
FROM versions
