/* DogDB's metrics: the one place each metric is defined. What the query layer needs beside each
definition (kind, time grains, dimensions, unit) is in metrics/metrics.yaml, keyed by metric name;
docs/metrics.md is generated from both. Base metrics aggregate a column of one source model;
derived metrics are arithmetic on other metrics and are computed from their parts at the grain
asked for. Customer flags (is_customer, is_paying, is_active) come from the models. */

/* ---- revenue (semantic.customer_months, one row per account and month) ---- */

METRIC (
  name mrr,
  owner finance,
  description 'Monthly recurring revenue of customers: the monthly price of the tiers held at period end (USD).',
  expression SUM(CASE WHEN semantic.customer_months.is_customer THEN semantic.customer_months.mrr ELSE 0 END)
);

METRIC (
  name arr,
  owner finance,
  description 'Annual recurring revenue: 12 x MRR at period end (USD).',
  expression mrr * 12
);

METRIC (
  name starting_mrr,
  owner finance,
  description 'MRR of customers at the end of the month before (USD).',
  expression SUM(CASE WHEN semantic.customer_months.is_customer THEN semantic.customer_months.starting_mrr ELSE 0 END)
);

METRIC (
  name new_mrr,
  owner finance,
  description 'MRR added by customers paying for the first time (USD).',
  expression SUM(CASE WHEN semantic.customer_months.is_customer THEN semantic.customer_months.new_mrr ELSE 0 END)
);

METRIC (
  name expansion_mrr,
  owner finance,
  description 'MRR added by paying customers moving to a dearer tier (USD).',
  expression SUM(CASE WHEN semantic.customer_months.is_customer THEN semantic.customer_months.expansion_mrr ELSE 0 END)
);

METRIC (
  name reactivation_mrr,
  owner finance,
  description 'MRR added by customers paying again after a month without MRR (USD).',
  expression SUM(CASE WHEN semantic.customer_months.is_customer THEN semantic.customer_months.reactivation_mrr ELSE 0 END)
);

METRIC (
  name contraction_mrr,
  owner finance,
  description 'MRR lost by paying customers moving to a cheaper paid tier (USD, positive).',
  expression SUM(CASE WHEN semantic.customer_months.is_customer THEN semantic.customer_months.contraction_mrr ELSE 0 END)
);

METRIC (
  name churned_mrr,
  owner finance,
  description 'MRR lost by customers that stopped paying (USD, positive).',
  expression SUM(CASE WHEN semantic.customer_months.is_customer THEN semantic.customer_months.churned_mrr ELSE 0 END)
);

METRIC (
  name net_new_mrr,
  owner finance,
  description 'New + expansion + reactivation - contraction - churned MRR (USD).',
  expression new_mrr + expansion_mrr + reactivation_mrr - contraction_mrr - churned_mrr
);

METRIC (
  name retained_mrr,
  owner finance,
  description 'MRR at month end of the customers that were paying a month before, expansion included (USD).',
  expression SUM(CASE WHEN semantic.customer_months.is_customer THEN semantic.customer_months.retained_mrr ELSE 0 END)
);

METRIC (
  name gross_retained_mrr,
  owner finance,
  description 'Of last month''s MRR, what the same customers still pay, expansion excluded (USD).',
  expression SUM(CASE WHEN semantic.customer_months.is_customer THEN semantic.customer_months.gross_retained_mrr ELSE 0 END)
);

METRIC (
  name net_revenue_retention,
  owner finance,
  description 'Month-over-month net revenue retention: retained_mrr / starting_mrr (new customers excluded).',
  expression retained_mrr / starting_mrr
);

METRIC (
  name gross_revenue_retention,
  owner finance,
  description 'Month-over-month gross revenue retention: gross_retained_mrr / starting_mrr (at most 1).',
  expression gross_retained_mrr / starting_mrr
);

METRIC (
  name arpa,
  owner finance,
  description 'Average revenue per paying customer at period end: mrr / paying_customers (USD).',
  expression mrr / paying_customers
);

/* ---- customers ---- */

METRIC (
  name customers,
  owner analytics_engineering,
  description 'Customers (accounts that are not internal/test accounts) at period end.',
  expression COUNT(DISTINCT CASE WHEN semantic.customer_months.is_customer THEN semantic.customer_months.account_id END)
);

METRIC (
  name paying_customers,
  owner finance,
  description 'Customers on a paid tier (Medium or Enterprise) at period end.',
  expression COUNT(DISTINCT CASE WHEN semantic.customer_months.is_paying THEN semantic.customer_months.account_id END)
);

METRIC (
  name active_customers,
  owner analytics_engineering,
  description 'Customers with an active license at period end or product usage in the 30 days before it.',
  expression COUNT(DISTINCT CASE WHEN semantic.customer_months.is_active THEN semantic.customer_months.account_id END)
);

METRIC (
  name new_customers,
  owner analytics_engineering,
  description 'Customers whose account was created in the period.',
  expression COUNT(DISTINCT CASE WHEN semantic.customer_months.is_customer AND semantic.customer_months.is_new_account THEN semantic.customer_months.account_id END)
);

METRIC (
  name starting_paying_customers,
  owner finance,
  description 'Customers that had MRR at the end of the month before.',
  expression COUNT(DISTINCT CASE WHEN semantic.customer_months.is_customer AND semantic.customer_months.was_paying THEN semantic.customer_months.account_id END)
);

METRIC (
  name churned_customers,
  owner finance,
  description 'Customers that stopped paying in the month (MRR movement churn: to Free or gone).',
  expression COUNT(DISTINCT CASE WHEN semantic.customer_months.is_customer AND semantic.customer_months.mrr_movement = 'churn' THEN semantic.customer_months.account_id END)
);

METRIC (
  name logo_churn_rate,
  owner finance,
  description 'Share of last month''s paying customers that stopped paying: churned_customers / starting_paying_customers.',
  expression churned_customers / starting_paying_customers
);

METRIC (
  name suspicious_customers,
  owner analytics_engineering,
  description 'Customers flagged suspicious now (disposable email domain, case-only duplicate email, Free with many licenses).',
  expression COUNT(CASE WHEN semantic.dim_customers.is_customer AND semantic.dim_customers.is_suspicious THEN semantic.dim_customers.account_id END)
);

/* ---- billing (every billed account, internal ones included: the processor charges them) ---- */

METRIC (
  name billed_amount,
  owner finance,
  description 'Amount billed for the period: the sum of the cents-rounded billing lines, prorated by day (USD; 0 for a billed month without lines, NULL before a month is billed).',
  expression SUM(marts.mart_billing_totals.billed_amount)
);

METRIC (
  name billed_card,
  owner finance,
  description 'Amount charged to credit cards (Medium lines) (USD).',
  expression SUM(CASE WHEN marts.mart_billing_totals.payment_method = 'card' THEN marts.mart_billing_totals.billed_amount ELSE 0 END)
);

METRIC (
  name billed_invoice,
  owner finance,
  description 'Amount invoiced (Enterprise lines) (USD).',
  expression SUM(CASE WHEN marts.mart_billing_totals.payment_method = 'invoice' THEN marts.mart_billing_totals.billed_amount ELSE 0 END)
);

METRIC (
  name billed_accounts,
  owner finance,
  description 'Distinct accounts with a billing line in the period.',
  expression COUNT(DISTINCT marts.mart_billing_lines.account_id)
);

METRIC (
  name expected_amount,
  owner finance,
  description 'Charge expected before the month started: every paying account keeps its tier for the whole month (USD).',
  expression SUM(marts.mart_expected_charge_totals.expected_amount)
);

METRIC (
  name expected_accounts,
  owner finance,
  description 'Distinct accounts expected to be charged in the period.',
  expression COUNT(DISTINCT marts.mart_expected_charges.account_id)
);

METRIC (
  name billing_variance,
  owner finance,
  description 'Billed minus expected (USD): mid-month tier changes, new and churned accounts.',
  expression billed_amount - expected_amount
);

/* ---- customer service (semantic.interaction_facts, one row per interaction) ---- */

METRIC (
  name interactions,
  owner customer_service_analytics,
  description 'Customer-service interactions created in the period (orphan accounts included, plan None).',
  expression COUNT(semantic.interaction_facts.interaction_id)
);

METRIC (
  name resolved_interactions,
  owner customer_service_analytics,
  description 'Interactions created in the period and resolved (latest extract).',
  expression COUNT(CASE WHEN semantic.interaction_facts.is_resolved THEN semantic.interaction_facts.interaction_id END)
);

METRIC (
  name resolution_rate,
  owner customer_service_analytics,
  description 'Share of the period''s interactions that are resolved: resolved_interactions / interactions.',
  expression resolved_interactions / interactions
);

METRIC (
  name median_resolution_hours,
  owner customer_service_analytics,
  description 'Median hours from creation to resolution of the interactions created in the period and resolved.',
  expression MEDIAN(semantic.interaction_facts.resolution_hours)
);

METRIC (
  name open_at_month_end,
  owner customer_service_analytics,
  description 'Interactions created in the month and not completed by its end (summed over the months of a range).',
  expression COUNT(CASE WHEN semantic.interaction_facts.is_open_at_month_end THEN semantic.interaction_facts.interaction_id END)
);

METRIC (
  name top_10_interactions,
  owner customer_service_analytics,
  description 'Interactions of the accounts in their creation month''s top 10 by active developer licenses.',
  expression COUNT(CASE WHEN semantic.interaction_facts.is_top_10 THEN semantic.interaction_facts.interaction_id END)
);

METRIC (
  name top_10_share,
  owner customer_service_analytics,
  description 'Share of interactions from the top 10 accounts: top_10_interactions / interactions.',
  expression top_10_interactions / interactions
);

METRIC (
  name accounts_with_interactions,
  owner customer_service_analytics,
  description 'Distinct accounts with at least one interaction created in the period (orphans included).',
  expression COUNT(DISTINCT semantic.interaction_facts.account_id)
);

METRIC (
  name interactions_per_account,
  owner customer_service_analytics,
  description 'Interactions per account that had any: interactions / accounts_with_interactions.',
  expression interactions / accounts_with_interactions
);

METRIC (
  name interactions_per_paying_customer,
  owner customer_service_analytics,
  description 'Interactions per paying customer: interactions / paying_customers (paying at period end).',
  expression interactions / paying_customers
);

/* ---- features ---- */

METRIC (
  name feature_adopters,
  owner product_analytics,
  description 'Customers that used at least one feature during the month.',
  expression COUNT(DISTINCT CASE WHEN semantic.customer_months.is_customer AND semantic.customer_months.is_feature_adopter THEN semantic.customer_months.account_id END)
);

METRIC (
  name customers_with_feature_access,
  owner product_analytics,
  description 'Customers with access to the feature in the latest complete week (marts.mart_feature_usage_intensity).',
  expression COUNT(marts.mart_feature_usage_intensity.account_id)
);

METRIC (
  name adopting_customers,
  owner product_analytics,
  description 'Customers with access that used the feature over the trailing 12 weeks.',
  expression COUNT(CASE WHEN marts.mart_feature_usage_intensity.events_12w > 0 THEN marts.mart_feature_usage_intensity.account_id END)
);

METRIC (
  name adoption_rate,
  owner product_analytics,
  description 'Share of customers with access that used the feature over 12 weeks: adopting_customers / customers_with_feature_access.',
  expression adopting_customers / customers_with_feature_access
);

METRIC (
  name usage_events,
  owner product_analytics,
  description 'Product usage events (telemetry loops excluded), paid or not.',
  expression SUM(core.fct_feature_usage_daily.event_count)
);

METRIC (
  name unpaid_usage_events,
  owner product_analytics,
  description 'Usage events of a feature the account had no access to at that moment (orphan accounts included).',
  expression COUNT(marts.mart_unpaid_feature_usage.event_id)
);

METRIC (
  name unpaid_rate,
  owner product_analytics,
  description 'Share of usage events without access: unpaid_usage_events / usage_events.',
  expression unpaid_usage_events / usage_events
);

METRIC (
  name churned_account_features,
  owner product_analytics,
  description 'Account x feature pairs that churned: 4 weeks without use while still having access.',
  expression SUM(marts.mart_feature_churn_weekly.churned_accounts)
);

METRIC (
  name lost_access_account_features,
  owner product_analytics,
  description 'Account x feature pairs that stopped using a feature because they lost access (apart from churn).',
  expression SUM(marts.mart_feature_churn_weekly.lost_access_accounts)
);

METRIC (
  name reactivated_account_features,
  owner product_analytics,
  description 'Account x feature pairs back after 4 or more weeks without use.',
  expression SUM(marts.mart_feature_churn_weekly.reactivated_accounts)
);
