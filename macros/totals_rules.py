"""A totals mart equals the sum of its lines: the one check behind the billed and the expected
totals' audits (audits/billing_totals_match_lines.sql, audits/expected_charge_totals_match_lines.sql)."""

from __future__ import annotations

from sqlglot import exp, parse_one
from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator


@macro()
def totals_differing_from_lines(
    evaluator: MacroEvaluator,
    totals: exp.Expression,
    lines: exp.Expression,
    month: exp.Expression,
    line_count: exp.Expression,
    counted: exp.Expression,
    amount: exp.Expression,
) -> exp.Expression:
    """The rows of `totals` (one per `month` and payment method) whose `line_count` differs from
    COUNT(`counted`) of `lines` or whose `amount` differs from SUM(`amount`) of them, to the cent."""
    t, ln, m, n, c, a = (
        e.sql(dialect="duckdb") for e in (totals, lines, month, line_count, counted, amount)
    )
    return parse_one(
        f"""
        SELECT t.{m}, t.payment_method, t.{n}, t.{a}, l.{n} AS line_count, l.{a} AS line_amount
        FROM {t} AS t
        LEFT JOIN (
          SELECT {m}, payment_method, COUNT({c}) AS {n}, SUM({a}) AS {a}
          FROM {ln}
          GROUP BY {m}, payment_method
        ) AS l
          ON l.{m} = t.{m} AND l.payment_method = t.payment_method
        WHERE t.{n} <> COALESCE(l.{n}, 0) OR t.{a} <> COALESCE(l.{a}, 0)
        """,
        read="duckdb",
    )
