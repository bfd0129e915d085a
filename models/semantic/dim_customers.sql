/* One row per known account (inferred members excluded), with the customer definitions of
core.dim_accounts (is_customer) and core.dim_pricing_plans (is_paid). Grain: account_id. "Now" is
the end of the data (core.dim_extract_end): active = a customer with a license active then or usage
in the 30 days up to the last complete day. Suspicious: the first rule that fired (disposable
domain, case-only email duplicate, Free account with many licenses). */
MODEL (
  name semantic.dim_customers,
  kind FULL,
  owner analytics_engineering,
  cron '@daily',
  grain account_id,
  tags (semantic, dimension),
  audits (
    unique_values(columns := (account_id)),
    not_null(columns := (account_id, current_plan, is_customer, is_paying, is_active, is_suspicious))
  )
);

WITH accounts AS (
  SELECT
    a.account_id,
    a.pricing_plan,
    a.account_created_at,
    a.email_domain,
    a.has_case_duplicate_email,
    a.is_customer,
    COALESCE(p.is_paid, FALSE) AS is_paid
  FROM core.dim_accounts AS a
  LEFT JOIN core.dim_pricing_plans AS p
    ON p.pricing_plan = a.pricing_plan
  WHERE
    a.is_current AND NOT a.is_inferred_member
), licenses_now AS (
  @active_licenses_now()
), recent_usage AS (
  SELECT DISTINCT
    u.account_id
  FROM core.fct_feature_usage_daily AS u
  INNER JOIN core.dim_extract_end AS x
    ON u.usage_date > CAST(x.last_complete_day - INTERVAL '30' DAY AS DATE)
    AND u.usage_date <= x.last_complete_day
), paid_history AS (
  SELECT
    account_id,
    MIN(CASE WHEN mrr > 0 THEN mrr_month END) AS first_paid_month
  FROM marts.mart_mrr_monthly
  GROUP BY
    account_id
), lifetime_value AS (
  SELECT
    account_id,
    SUM(billed_amount) AS lifetime_value
  FROM marts.mart_billing_lines
  GROUP BY
    account_id
), interactions AS (
  SELECT
    account_id,
    COUNT(*) AS interactions
  FROM core.fct_interactions
  GROUP BY
    account_id
), flagged AS (
  SELECT
    a.account_id,
    a.pricing_plan,
    a.account_created_at,
    a.is_customer,
    a.is_paid,
    COALESCE(l.active_licenses, 0) AS active_licenses,
    NOT r.account_id IS NULL AS used_recently,
    CASE
      WHEN @is_disposable_domain(a.email_domain) THEN 'disposable email domain'
      WHEN a.has_case_duplicate_email THEN 'email duplicates another account except for case'
      WHEN @many_licenses_on_free(a.pricing_plan, COALESCE(l.active_licenses, 0)) THEN 'free account with many licenses'
    END AS suspicious_rule
  FROM accounts AS a
  LEFT JOIN licenses_now AS l
    ON l.account_id = a.account_id
  LEFT JOIN recent_usage AS r
    ON r.account_id = a.account_id
)
SELECT
  f.account_id, /* The account. */
  f.pricing_plan AS current_plan, /* Tier held now: Free, Medium or Enterprise. */
  f.is_customer, /* Not an internal/test account (core.dim_accounts.is_customer). */
  f.is_customer AND f.is_paid AS is_paying, /* A customer on a paid tier now (core.dim_pricing_plans.is_paid). */
  f.is_customer
  AND (f.active_licenses > 0 OR f.used_recently) AS is_active, /* A customer with an active license now or product usage in the last 30 days. */
  CAST(f.active_licenses AS INT) AS active_licenses, /* Licenses active now. */
  p.first_paid_month, /* First month at whose end the account held a paid tier; NULL if never. */
  CAST(COALESCE(v.lifetime_value, 0) AS DECIMAL(14, 2)) AS lifetime_value, /* Sum of the billed amounts of all closed months to date (USD). */
  CAST(COALESCE(i.interactions, 0) AS DOUBLE) / (
    (EXTRACT(YEAR FROM x.last_complete_day) - EXTRACT(YEAR FROM f.account_created_at)) * 12
    + EXTRACT(MONTH FROM x.last_complete_day) - EXTRACT(MONTH FROM f.account_created_at) + 1
  ) AS interactions_per_month, /* Interactions per calendar month since the account's creation month (both included). */
  NOT f.suspicious_rule IS NULL AS is_suspicious, /* TRUE when one of the suspicious-account rules fired. */
  f.suspicious_rule /* The first rule that fired: disposable email domain, case-only email duplicate, free account with many licenses. */
FROM flagged AS f
CROSS JOIN core.dim_extract_end AS x
LEFT JOIN paid_history AS p
  ON p.account_id = f.account_id
LEFT JOIN lifetime_value AS v
  ON v.account_id = f.account_id
LEFT JOIN interactions AS i
  ON i.account_id = f.account_id
