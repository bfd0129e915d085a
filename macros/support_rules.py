"""Customer-service rules, written once.

An interaction is open at the end of its month when it was not completed before the next month
began (still open, or completed in a later month). marts.mart_support_interactions_monthly counts
it and semantic.interaction_facts flags it with this one predicate.
"""

from __future__ import annotations

from sqlglot import exp, parse_one
from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator


@macro()
def is_open_at_month_end(
    evaluator: MacroEvaluator, completed_at: exp.Expression, month_start: exp.Expression
) -> exp.Expression:
    """TRUE when an interaction of the month starting at `month_start` was not completed by the
    month's end: `completed_at` is NULL or on or after the first day of the next month."""
    completed = completed_at.sql(dialect="duckdb")
    month = month_start.sql(dialect="duckdb")
    return parse_one(
        f"({completed} IS NULL OR {completed} >= CAST({month} + INTERVAL '1' MONTH AS DATE))",
        read="duckdb",
    )
