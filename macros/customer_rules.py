"""The company's customer definitions, in one place (product.md: Customer definitions).

core.dim_accounts applies them (is_internal_account, is_customer) and every other model reads
those columns; which tiers are paid is core.dim_pricing_plans.is_paid (a price above zero).
"""

from __future__ import annotations

from sqlglot import exp, parse_one
from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator

INTERNAL_DOMAINS = ("dogdb.com",)
TEST_LOCAL_PART_PREFIXES = ("test+", "qa+")
DISPOSABLE_DOMAINS = ("mailinator.com", "10minutemail.com", "guerrillamail.com", "yopmail.com")
MANY_LICENSES_ON_FREE = 10


@macro()
def is_internal_email(evaluator: MacroEvaluator, email: exp.Expression) -> exp.Expression:
    """TRUE for DogDB's own and test accounts (normalized email): they are not customers."""
    column = email.sql(dialect="duckdb")
    domains = " OR ".join(f"{column} LIKE '%@{d}'" for d in INTERNAL_DOMAINS)
    prefixes = " OR ".join(f"{column} LIKE '{p}%'" for p in TEST_LOCAL_PART_PREFIXES)
    return parse_one(f"COALESCE({domains} OR {prefixes}, FALSE)", read="duckdb")


@macro()
def is_customer(
    evaluator: MacroEvaluator, is_internal: exp.Expression, is_inferred: exp.Expression
) -> exp.Expression:
    """A customer is an account that is neither internal/test nor an unknown (inferred) account."""
    internal = is_internal.sql(dialect="duckdb")
    inferred = is_inferred.sql(dialect="duckdb")
    return parse_one(
        f"(NOT COALESCE({internal}, FALSE) AND NOT COALESCE({inferred}, FALSE))", read="duckdb"
    )


@macro()
def is_disposable_domain(evaluator: MacroEvaluator, domain: exp.Expression) -> exp.Expression:
    """TRUE when the email domain is a throwaway-address provider (suspicious account)."""
    values = ", ".join(f"'{d}'" for d in DISPOSABLE_DOMAINS)
    return parse_one(
        f"COALESCE({domain.sql(dialect='duckdb')} IN ({values}), FALSE)", read="duckdb"
    )


@macro()
def many_licenses_on_free(
    evaluator: MacroEvaluator, tier: exp.Expression, active_licenses: exp.Expression
) -> exp.Expression:
    """TRUE for a Free account with at least MANY_LICENSES_ON_FREE active licenses (suspicious)."""
    return parse_one(
        f"COALESCE({tier.sql(dialect='duckdb')} = 'Free' AND "
        f"{active_licenses.sql(dialect='duckdb')} >= {MANY_LICENSES_ON_FREE}, FALSE)",
        read="duckdb",
    )
