"""Validity ranges, written once: "in force at a moment" and "in force at the end of a period".

Every versioned row of the project (tier versions, license activity, licenses, trials) carries a
half-open range [valid_from, valid_to), valid_to NULL while in force. Every join that asks which
version held at some time renders one of these two predicates, in one spelling (the open end as a
far-future COALESCE, which keeps both bounds plain inequalities that engines can range-join).
"""

from __future__ import annotations

from sqlglot import exp, parse_one
from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator

OPEN_END = "CAST('9999-12-31 00:00:00' AS TIMESTAMP)"


def _bound_sql(expression: exp.Expression) -> str:
    return expression.sql(dialect="duckdb")


def _range_holds(
    valid_from: exp.Expression,
    starts: str,
    valid_to: exp.Expression,
    ends: str,
    open_end: str = OPEN_END,
) -> exp.Expression:
    """`valid_from <starts>` AND `COALESCE(valid_to, open_end) <ends>`, each side a comparison
    with a rendered bound, e.g. starts = "<= moment", ends = "> moment"."""
    sql = (
        f"{_bound_sql(valid_from)} {starts} AND COALESCE({_bound_sql(valid_to)}, {open_end}) {ends}"
    )
    return parse_one(sql, read="duckdb")


@macro()
def in_force_at(
    evaluator: MacroEvaluator,
    moment: exp.Expression,
    valid_from: exp.Expression,
    valid_to: exp.Expression,
) -> exp.Expression:
    """TRUE when the range [valid_from, valid_to) covers `moment`."""
    return _range_holds(valid_from, f"<= {_bound_sql(moment)}", valid_to, f"> {_bound_sql(moment)}")


@macro()
def in_force_at_end(
    evaluator: MacroEvaluator,
    boundary: exp.Expression,
    valid_from: exp.Expression,
    valid_to: exp.Expression,
) -> exp.Expression:
    """TRUE when the range [valid_from, valid_to) is in force at the last instant before
    `boundary`: the version held at the end of the day (or month) that ends at `boundary`, e.g.
    the tier held at month end with boundary = next_month_start. A range that ends exactly at the
    boundary counts; one that starts exactly at it does not."""
    return _range_holds(
        valid_from, f"< {_bound_sql(boundary)}", valid_to, f">= {_bound_sql(boundary)}"
    )


@macro()
def covers_day(
    evaluator: MacroEvaluator,
    day: exp.Expression,
    first_day: exp.Expression,
    end_day: exp.Expression,
) -> exp.Expression:
    """TRUE when the day range [first_day, end_day) covers `day` (end_day NULL: open)."""
    open_day = "CAST('9999-12-31' AS DATE)"
    return _range_holds(
        first_day, f"<= {_bound_sql(day)}", end_day, f"> {_bound_sql(day)}", open_day
    )


@macro()
def overlaps(
    evaluator: MacroEvaluator,
    period_start: exp.Expression,
    period_end: exp.Expression,
    valid_from: exp.Expression,
    valid_to: exp.Expression,
) -> exp.Expression:
    """TRUE when the range [valid_from, valid_to) overlaps the period [period_start, period_end),
    e.g. access at some moment of an ISO week."""
    return _range_holds(
        valid_from, f"< {_bound_sql(period_end)}", valid_to, f"> {_bound_sql(period_start)}"
    )


@macro()
def active_licenses_now(evaluator: MacroEvaluator) -> exp.Expression:
    """The query of the licenses in force at the end of the data (core.dim_extract_end), counted
    per account: one row per account with at least one, (account_id, active_licenses). The one
    definition of "an account's active licenses now", read by the current-state models."""
    in_force = in_force_at(
        evaluator,
        exp.column("as_of_ts", "x"),
        exp.column("active_from", "l"),
        exp.column("active_to", "l"),
    )
    return parse_one(
        "SELECT l.account_id, COUNT(*) AS active_licenses"
        " FROM core.dim_licenses AS l"
        f" INNER JOIN core.dim_extract_end AS x ON {_bound_sql(in_force)}"
        " GROUP BY l.account_id",
        read="duckdb",
    )
