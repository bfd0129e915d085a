"""The company's customer definitions, in one place (product.md: Customer definitions).

Every model that needs to know whether an account is an internal/test account, or which tiers
are paid, calls these macros instead of repeating the rule.
"""

from __future__ import annotations

from sqlglot import exp, parse_one
from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator

INTERNAL_DOMAINS = ("dogdb.com",)
TEST_LOCAL_PART_PREFIXES = ("test+", "qa+")
PAID_TIERS = ("Medium", "Enterprise")


@macro()
def is_internal_email(evaluator: MacroEvaluator, email: exp.Expression) -> exp.Expression:
    """TRUE for DogDB's own and test accounts (normalized email): they are not customers."""
    column = email.sql(dialect="duckdb")
    domains = " OR ".join(f"{column} LIKE '%@{d}'" for d in INTERNAL_DOMAINS)
    prefixes = " OR ".join(f"{column} LIKE '{p}%'" for p in TEST_LOCAL_PART_PREFIXES)
    return parse_one(f"COALESCE({domains} OR {prefixes}, FALSE)", read="duckdb")


@macro()
def is_paid_tier(evaluator: MacroEvaluator, tier: exp.Expression) -> exp.Expression:
    """TRUE for the tiers that are billed (Medium, Enterprise)."""
    values = ", ".join(f"'{t}'" for t in PAID_TIERS)
    return parse_one(f"COALESCE({tier.sql(dialect='duckdb')} IN ({values}), FALSE)", read="duckdb")
