/* DogDB's headline metrics: the one definition every dashboard and analysis uses.
Query them with `dogdb metrics query <metric> ... --by month` (or Context.rewrite); dimensions are
`month` and `plan`. Base metrics aggregate a column of the semantic models; derived metrics are
arithmetic on base metrics. */

METRIC (
  name mrr,
  owner finance,
  description 'Monthly recurring revenue: the monthly price of the tiers held at month end (USD).',
  expression SUM(semantic.customer_months.mrr)
);

METRIC (
  name arr,
  owner finance,
  description 'Annual recurring revenue: 12 x MRR (USD).',
  expression mrr * 12
);

METRIC (
  name paying_customers,
  owner finance,
  description 'Customers on a paid tier (Medium or Enterprise) at month end.',
  expression COUNT(DISTINCT CASE WHEN semantic.customer_months.is_paying THEN semantic.customer_months.account_id END)
);

METRIC (
  name active_customers,
  owner analytics_engineering,
  description 'Customers with an active license at month end or product usage in the last 30 days of the month.',
  expression COUNT(DISTINCT CASE WHEN semantic.customer_months.is_active THEN semantic.customer_months.account_id END)
);

METRIC (
  name new_mrr,
  owner finance,
  description 'MRR added in the month by accounts paying for the first time (USD).',
  expression SUM(semantic.customer_months.new_mrr)
);

METRIC (
  name churned_mrr,
  owner finance,
  description 'MRR lost in the month by accounts that stopped paying (USD, positive).',
  expression SUM(semantic.customer_months.churned_mrr)
);

METRIC (
  name starting_mrr,
  owner finance,
  description 'MRR at the end of the month before (USD).',
  expression SUM(semantic.customer_months.starting_mrr)
);

METRIC (
  name retained_mrr,
  owner finance,
  description 'MRR at month end of the accounts that were paying a month before (USD).',
  expression SUM(semantic.customer_months.retained_mrr)
);

METRIC (
  name net_revenue_retention,
  owner finance,
  description 'Month-over-month net revenue retention: retained_mrr / starting_mrr (expansion, contraction and churn of last month''s payers; new accounts excluded).',
  expression retained_mrr / starting_mrr
);

METRIC (
  name interactions,
  owner customer_service_analytics,
  description 'Customer-service interactions created in the month (orphan accounts included, plan None).',
  expression COUNT(semantic.interaction_facts.interaction_id)
);

METRIC (
  name interactions_per_paying_customer,
  owner customer_service_analytics,
  description 'Interactions per paying customer: interactions / paying_customers.',
  expression interactions / paying_customers
);

METRIC (
  name median_resolution_hours,
  owner customer_service_analytics,
  description 'Median hours from creation to resolution of the interactions created in the month and resolved.',
  expression MEDIAN(semantic.interaction_facts.resolution_hours)
);

METRIC (
  name feature_adopters,
  owner product_analytics,
  description 'Accounts that used at least one feature during the month.',
  expression COUNT(DISTINCT CASE WHEN semantic.customer_months.is_feature_adopter THEN semantic.customer_months.account_id END)
);

METRIC (
  name unpaid_usage_events,
  owner product_analytics,
  description 'Usage events of features the account had no access to at that moment.',
  expression SUM(semantic.customer_months.unpaid_usage_events)
);
