/* Active licenses by account and role over time: one row per account, role and period in which the
count of active licenses did not change. Grain: (account_id, role, valid_from). The count at a
moment T is the row with @in_force_at(T, valid_from, valid_to); no row means zero. Built from the
+1 / -1 events at each license's active_from / active_to. */
MODEL (
  name core.fct_license_activity,
  kind FULL,
  owner analytics_engineering,
  grain (account_id, role, valid_from),
  tags (core, fact),
  audits (
    unique_combination_of_columns(columns := (account_id, role, valid_from)),
    not_null(columns := (account_id, role, valid_from, active_licenses)),
    accepted_range(column := active_licenses, min_v := 0)
  )
);

WITH license_events AS (
  SELECT
    account_id,
    role,
    active_from AS event_at,
    1 AS delta
  FROM core.dim_licenses
  UNION ALL
  SELECT
    account_id,
    role,
    active_to AS event_at,
    -1 AS delta
  FROM core.dim_licenses
  WHERE
    NOT active_to IS NULL
), net_changes AS (
  SELECT
    account_id,
    role,
    event_at,
    SUM(delta) AS net_delta
  FROM license_events
  GROUP BY
    account_id,
    role,
    event_at
), running AS (
  SELECT
    account_id,
    role,
    event_at AS valid_from,
    LEAD(event_at) OVER (PARTITION BY account_id, role ORDER BY event_at) AS valid_to,
    SUM(net_delta) OVER (
      PARTITION BY account_id, role
      ORDER BY event_at
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS active_licenses
  FROM net_changes
)
SELECT
  account_id, /* Account holding the licenses (may be an inferred member for orphan ids). */
  role, /* License role: developer, analyst or admin. */
  valid_from, /* Start of the period (UTC, inclusive). */
  CAST(valid_to AS TIMESTAMP) AS valid_to, /* End of the period (UTC, exclusive); NULL while in force. */
  CAST(active_licenses AS INT) AS active_licenses /* Licenses of this role active during the period (0 after the last one ended). */
FROM running
