/* LEGACY (the slow view, kept as the starting point of the scenario; not part of models/).
Account activity per month, written before the foundation existed: it reads the raw extract,
fixes and parses the license JSON, deduplicates interactions and licenses, counts licenses active
at month end and ranks every account, all recomputed on every query. `make slow-view-scenario`
builds prod with this file in place of models/reporting/account_activity_monthly.sql. */
MODEL (
  name reporting.account_activity_monthly,
  kind VIEW,
  owner analytics_engineering,
  grain (activity_month, account_id),
  tags (reporting, legacy),
  audits (
    unique_combination_of_columns(columns := (activity_month, account_id)),
    not_null(columns := (activity_month, account_id, interactions, activity_rank))
  )
);

WITH raw_licenses AS (
  SELECT
    account_id,
    REPLACE(REPLACE(license_data, '“', '"'), '”', '"') AS license_json,
    created_at,
    COALESCE(updated_at, created_at) AS updated_at
  FROM raw.customer_licenses
  WHERE
    NOT account_id IS NULL AND NOT created_at IS NULL
), parsed_licenses AS (
  SELECT
    account_id,
    CASE WHEN JSON_VALID(license_json) THEN JSON_EXTRACT_STRING(license_json, '$.license_id') END AS license_id,
    LOWER(CASE WHEN JSON_VALID(license_json) THEN JSON_EXTRACT_STRING(license_json, '$.role') END) AS role,
    LOWER(CASE WHEN JSON_VALID(license_json) THEN JSON_EXTRACT_STRING(license_json, '$.status') END) AS status,
    created_at,
    updated_at
  FROM raw_licenses
), licenses AS (
  SELECT
    account_id,
    role,
    status,
    created_at,
    updated_at,
    ROW_NUMBER() OVER (
      PARTITION BY license_id
      ORDER BY updated_at DESC, created_at DESC, status DESC, account_id
    ) AS version_rank
  FROM parsed_licenses
  WHERE
    REGEXP_MATCHES(license_id, '^[0-9a-f]{40}$')
    AND role IN ('developer', 'analyst', 'admin')
    AND status IN ('active', 'disabled')
), raw_interactions AS (
  SELECT
    account_id,
    LOWER(TRIM(channel)) AS channel,
    TRIM(category) AS category,
    NULLIF(TRIM(service_rep), '') AS service_rep,
    CASE LOWER(TRIM(status)) WHEN 'cancelled' THEN 'canceled' ELSE LOWER(TRIM(status)) END AS status,
    created_at,
    completed_at
  FROM raw.customer_interactions
  WHERE
    NOT account_id IS NULL
    AND NOT created_at IS NULL
    AND NOT COALESCE(completed_at < created_at, FALSE)
    AND LOWER(TRIM(status)) IN ('open', 'resolved', 'canceled', 'cancelled')
), interactions AS (
  SELECT
    account_id,
    status,
    created_at,
    ROW_NUMBER() OVER (
      PARTITION BY account_id, channel, category, created_at
      ORDER BY completed_at DESC NULLS LAST, status DESC, service_rep
    ) AS version_rank
  FROM raw_interactions
), monthly AS (
  SELECT
    CAST(DATE_TRUNC('month', created_at) AS DATE) AS activity_month,
    account_id,
    COUNT(*) AS interactions,
    SUM(CASE WHEN status = 'resolved' THEN 1 ELSE 0 END) AS resolved_interactions,
    SUM(CASE WHEN status = 'canceled' THEN 1 ELSE 0 END) AS canceled_interactions,
    SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS open_interactions
  FROM interactions
  WHERE
    version_rank = 1
  GROUP BY
    1,
    2
), with_licenses AS (
  SELECT
    m.activity_month,
    m.account_id,
    m.interactions,
    m.resolved_interactions,
    m.canceled_interactions,
    m.open_interactions,
    (
      SELECT COUNT(*)
      FROM licenses AS l
      WHERE
        l.version_rank = 1
        AND l.account_id = m.account_id
        AND l.role = 'developer'
        AND l.created_at < m.activity_month + INTERVAL '1' MONTH
        AND (l.status = 'active' OR l.updated_at >= m.activity_month + INTERVAL '1' MONTH)
    ) AS active_developer_licenses,
    (
      SELECT COUNT(*)
      FROM licenses AS l
      WHERE
        l.version_rank = 1
        AND l.account_id = m.account_id
        AND l.created_at < m.activity_month + INTERVAL '1' MONTH
        AND (l.status = 'active' OR l.updated_at >= m.activity_month + INTERVAL '1' MONTH)
    ) AS active_licenses
  FROM monthly AS m
)
SELECT
  activity_month, /* Month of the interactions (first day, UTC). */
  account_id, /* Account. */
  CAST(interactions AS BIGINT) AS interactions, /* Interactions created in the month. */
  CAST(resolved_interactions AS BIGINT) AS resolved_interactions, /* Of those, resolved. */
  CAST(canceled_interactions AS BIGINT) AS canceled_interactions, /* Of those, canceled. */
  CAST(open_interactions AS BIGINT) AS open_interactions, /* Of those, open. */
  CAST(active_developer_licenses AS BIGINT) AS active_developer_licenses, /* Developer licenses active at month end. */
  CAST(active_licenses AS BIGINT) AS active_licenses, /* Licenses active at month end. */
  CAST(RANK() OVER (
    PARTITION BY activity_month
    ORDER BY interactions DESC, active_developer_licenses DESC, account_id
  ) AS BIGINT) AS activity_rank /* Rank of the account in the month by interactions. */
FROM with_licenses
