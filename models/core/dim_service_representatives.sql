/* Customer-service representatives: one row per representative, plus the members interactions
point to when the app's first name resolves to no one: -1 unknown name, -2 ambiguous (several
employed that day), -3 no name recorded. Grain: service_rep_id. */
MODEL (
  name core.dim_service_representatives,
  kind FULL,
  owner customer_service,
  grain service_rep_id,
  tags (core, dimension),
  audits (
    unique_values(columns := (service_rep_id)),
    not_null(columns := (service_rep_id, display_name, is_special_member))
  )
);

WITH representatives AS (
  /* The seed's representatives, then the special members (by position: service_rep_id, first_name,
  last_name, display_name, start_date, end_date, is_special_member). */
  SELECT
    id AS service_rep_id,
    first_name,
    last_name,
    CONCAT(first_name, ' ', last_name) AS display_name,
    start_date,
    end_date,
    FALSE AS is_special_member
  FROM staging.seed_service_representatives
  UNION ALL
  VALUES
    (-1, CAST(NULL AS TEXT), CAST(NULL AS TEXT), 'Unknown representative', CAST(NULL AS DATE), CAST(NULL AS DATE), TRUE),
    (-2, NULL, NULL, 'Ambiguous representative', NULL, NULL, TRUE),
    (-3, NULL, NULL, 'No representative recorded', NULL, NULL, TRUE)
)
SELECT
  CAST(service_rep_id AS INT) AS service_rep_id, /* HR id, or -1 unknown / -2 ambiguous / -3 not recorded. */
  first_name, /* First name as recorded by the app on interactions. */
  last_name, /* Last name (NULL for the special members). */
  display_name, /* Full name, or the special member's label. */
  start_date, /* First day of employment. */
  end_date, /* Last day of employment; NULL while employed. */
  is_special_member /* TRUE for the unknown / ambiguous / not-recorded members. */
FROM representatives
