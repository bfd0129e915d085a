"""Query the semantic layer's metrics (metrics/metrics.sql) and document them.

Every query goes through SQLMesh's metric rewriting (Context.rewrite): the analyst names metrics,
dimensions and a filter; SQLMesh expands METRIC(...) into the aggregates of the semantic models.
User input never reaches SQL as text: metric and dimension names are checked against the
definitions, and the filter is parsed and accepted only if it compares dimensions with literals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlglot import exp, parse_one
from sqlglot.errors import ParseError
from sqlmesh import Context

from dogdb_analytics.warehouse import PROJECT_ROOT, opened_context

# Dimension name for analysts -> column of every semantic model.
DIMENSIONS = {"month": "metric_month", "plan": "plan"}
DIALECTS = ("duckdb", "postgres", "spark", "snowflake")
CATALOG = PROJECT_ROOT / "docs" / "metrics.md"
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
ALLOWED_FILTER_NODES = (
    exp.Column,
    exp.Identifier,
    exp.Literal,
    exp.Boolean,
    exp.Null,
    exp.And,
    exp.Or,
    exp.Not,
    exp.Paren,
    exp.EQ,
    exp.NEQ,
    exp.GT,
    exp.GTE,
    exp.LT,
    exp.LTE,
    exp.In,
    exp.Is,
    exp.Between,
)


class MetricQueryError(ValueError):
    """A metrics request that cannot be run (unknown names, malformed filter or month)."""


@dataclass(frozen=True)
class MetricQuery:
    metrics: tuple[str, ...]
    by: tuple[str, ...] = ("month",)
    where: str | None = None
    since: str | None = None


def _check_names(query: MetricQuery, known_metrics: list[str]) -> None:
    unknown = [m for m in query.metrics if m not in known_metrics]
    if not query.metrics or unknown:
        raise MetricQueryError(
            f"Unknown metric(s): {', '.join(unknown) or '(none given)'}. "
            f"Valid metrics: {', '.join(sorted(known_metrics))}."
        )
    unknown_dims = [d for d in query.by if d not in DIMENSIONS]
    if unknown_dims:
        raise MetricQueryError(
            f"Unknown dimension(s): {', '.join(unknown_dims)}. "
            f"Valid dimensions: {', '.join(DIMENSIONS)}."
        )


def _filter(query: MetricQuery) -> exp.Expression | None:
    """The filter as a parsed condition on dimension columns, or an error saying what is wrong."""
    conditions: list[exp.Expression] = []
    if query.where:
        try:
            condition = parse_one(query.where, read="duckdb")
        except ParseError as error:
            raise MetricQueryError(f"--where is not a valid condition: {error}") from None
        for node in condition.walk():
            if not isinstance(node, ALLOWED_FILTER_NODES):
                raise MetricQueryError(
                    f"--where may only compare dimensions ({', '.join(DIMENSIONS)}) with values; "
                    f"'{node.sql()}' is not allowed."
                )
            if isinstance(node, exp.Column):
                if node.name not in DIMENSIONS or node.table:
                    raise MetricQueryError(
                        f"Unknown dimension '{node.sql()}' in --where. "
                        f"Valid dimensions: {', '.join(DIMENSIONS)}."
                    )
                node.replace(exp.column(DIMENSIONS[node.name]))
        conditions.append(condition)
    if query.since:
        match = MONTH.match(query.since)
        if not match:
            raise MetricQueryError(f"--since must be a month as YYYY-MM, got {query.since!r}.")
        conditions.append(
            exp.column("metric_month").__ge__(
                exp.cast(exp.Literal.string(f"{query.since}-01"), "DATE")
            )
        )
    return exp.and_(*conditions) if conditions else None


def build_sql(context: Context, query: MetricQuery, dialect: str = "duckdb") -> str:
    """The executable SQL of a metrics request, rewritten by SQLMesh, in `dialect`."""
    if dialect not in DIALECTS:
        raise MetricQueryError(
            f"Unknown dialect {dialect!r}. Valid dialects: {', '.join(DIALECTS)}."
        )
    _check_names(query, list(context.metrics))
    condition = _filter(query)
    # Names are checked against the definitions above; the condition is a parsed expression.
    projections = [f"{DIMENSIONS[d]} AS {d}" for d in query.by]
    projections += [f"METRIC({m}) AS {m}" for m in query.metrics]
    sql = f"SELECT {', '.join(projections)} FROM __semantic.__table"
    if condition is not None:
        sql += f" WHERE {condition.sql(dialect='duckdb')}"
    if query.by:
        sql += " GROUP BY " + ", ".join(DIMENSIONS[d] for d in query.by)
        sql += " ORDER BY " + ", ".join(query.by)
    rewritten = context.rewrite(sql)
    _apply_to_every_source(rewritten, condition, [DIMENSIONS[d] for d in query.by])
    return rewritten.sql(dialect=dialect, pretty=True)


def _apply_to_every_source(
    query: exp.Expression, condition: exp.Expression | None, dimensions: list[str]
) -> None:
    """SQLMesh joins one aggregated subquery per semantic model (FULL JOIN on the dimensions) but
    filters only the first; filter them all, and take each dimension from whichever side has it."""
    sources = [s for s in query.find_all(exp.Subquery) if isinstance(s.this, exp.Select)]
    for source in sources:
        inner = source.this
        table = inner.args["from_"].this
        if condition is not None and inner.args.get("where") is None:
            scoped = condition.copy()
            for column in scoped.find_all(exp.Column):
                column.set("table", exp.to_identifier(table.alias_or_name))
            inner.where(scoped, copy=False)
    if len(sources) < 2:
        return
    for projection in query.selects:
        column = projection.this if isinstance(projection, exp.Alias) else projection
        if isinstance(column, exp.Column) and column.name in dimensions:
            column.replace(
                exp.func("COALESCE", *(exp.column(column.name, s.alias) for s in sources))
            )


def query_metrics(query: MetricQuery, warehouse: Path | None = None) -> pd.DataFrame:
    """Run a metrics request against prod and return the table."""
    with opened_context(warehouse) as context:
        return context.fetchdf(build_sql(context, query))


def catalog_markdown(context: Context) -> str:
    """The metrics catalog page, generated from the METRIC definitions."""
    lines = [
        "# Metrics catalog",
        "",
        "Generated from `metrics/metrics.sql` by `dogdb metrics catalog`; do not edit by hand",
        "(CI fails when it is out of date). Dimensions: "
        + ", ".join(f"`{d}`" for d in DIMENSIONS)
        + ".",
        "",
        "| metric | owner | definition | expression |",
        "|---|---|---|---|",
    ]
    for name in sorted(context.metrics):
        metric = context.metrics[name]
        expression = metric.expression.sql(dialect="duckdb").replace("|", "\\|")
        description = (metric.description or "").replace("|", "\\|")
        lines.append(f"| `{name}` | {metric.owner or ''} | {description} | `{expression}` |")
    return "\n".join(lines) + "\n"
