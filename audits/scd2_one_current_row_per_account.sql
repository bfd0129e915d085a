/* An SCD2 account history has exactly one current version per account, and versions do not
overlap: each version ends where the next one starts. */
AUDIT (
  name scd2_one_current_row_per_account,
  blocking true
);

WITH ordered AS (
  SELECT
    account_id,
    valid_from,
    valid_to,
    LEAD(valid_from) OVER (PARTITION BY account_id ORDER BY valid_from) AS next_valid_from
  FROM @this_model
), current_counts AS (
  SELECT
    account_id,
    SUM(CASE WHEN valid_to IS NULL THEN 1 ELSE 0 END) AS current_versions
  FROM @this_model
  GROUP BY
    account_id
)
SELECT
  o.account_id,
  o.valid_from,
  o.valid_to,
  c.current_versions
FROM ordered AS o
INNER JOIN current_counts AS c
  ON c.account_id = o.account_id
WHERE
  c.current_versions <> 1
  OR (NOT o.next_valid_from IS NULL AND (o.valid_to IS NULL OR o.valid_to <> o.next_valid_from))
  OR (NOT o.valid_to IS NULL AND o.valid_to <= o.valid_from)
