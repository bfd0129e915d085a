/* Customers as leadership and investors count them, one row per known account, with the company's
definitions applied in one place (macros/customer_rules.py): a customer is not an internal/test
account; a paying customer is on Medium or Enterprise now; an active customer has an active license
now or used the product in the last 30 days (before the run's execution time). Suspicious accounts
are flagged with the first rule that fired: a disposable email domain, an email that duplicates
another account's except for letter case, or a Free account with many active licenses. */
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
  SELECT
    account_id,
    COUNT(*) AS active_licenses
  FROM core.dim_licenses
  WHERE
    @in_force_at(@execution_ts, active_from, active_to)
  GROUP BY
    account_id
), recent_usage AS (
  SELECT DISTINCT
    account_id
  FROM core.fct_feature_usage_daily
  WHERE
    usage_date > CAST(CAST(@execution_ts AS TIMESTAMP) - INTERVAL '30' DAY AS DATE)
    AND usage_date <= CAST(@execution_ts AS DATE)
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
    (EXTRACT(YEAR FROM CAST(@execution_ts AS TIMESTAMP)) - EXTRACT(YEAR FROM f.account_created_at)) * 12
    + EXTRACT(MONTH FROM CAST(@execution_ts AS TIMESTAMP)) - EXTRACT(MONTH FROM f.account_created_at) + 1
  ) AS interactions_per_month, /* Interactions per calendar month since the account's creation month (both included). */
  NOT f.suspicious_rule IS NULL AS is_suspicious, /* TRUE when one of the suspicious-account rules fired. */
  f.suspicious_rule /* The first rule that fired: disposable email domain, case-only email duplicate, free account with many licenses. */
FROM flagged AS f
LEFT JOIN paid_history AS p
  ON p.account_id = f.account_id
LEFT JOIN lifetime_value AS v
  ON v.account_id = f.account_id
LEFT JOIN interactions AS i
  ON i.account_id = f.account_id
