"""A metrics request and its validation: every name, grain, filter and date is checked against the
definitions before any SQL is built, and refused with a message that lists what is allowed.

User input never reaches SQL as text: filters are values (or a condition parsed by sqlglot and
accepted only when it compares dimensions with literals of the dimension's type).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlglot import exp, parse
from sqlglot.errors import ParseError

from dogdb_analytics.semantic.definitions import GRAINS, Catalog, MetricDefinition

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
DAY = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE)
ALLOWED_NODES = (
    exp.Column,
    exp.Identifier,
    exp.Literal,
    exp.Boolean,
    exp.Null,
    exp.And,
    exp.Or,
    exp.Not,
    exp.Paren,
    exp.In,
    exp.Is,
    exp.Between,
    *COMPARISONS,
)


class MetricQueryError(ValueError):
    """A metrics request that cannot be run; the message says what is wrong and what is allowed."""


@dataclass(frozen=True)
class MetricQuery:
    """What a reader asks for. `by` holds dimension names and at most one time grain (day, week,
    month, quarter, year); `filters` maps a dimension to the values kept; `where` is a condition on
    dimensions (CLI); `since`/`until` bound the range (YYYY-MM or YYYY-MM-DD, both included);
    `compare` adds each metric's value in the previous period."""

    metrics: tuple[str, ...]
    by: tuple[str, ...] = ()
    filters: Mapping[str, Sequence[object]] = field(default_factory=dict)
    where: str | None = None
    since: str | None = None
    until: str | None = None
    compare: bool = False


@dataclass(frozen=True)
class ValidQuery:
    """A checked request: definitions, grain, dimensions, one condition and an inclusive range."""

    metrics: tuple[MetricDefinition, ...]
    grain: str | None
    dimensions: tuple[str, ...]
    condition: exp.Expression | None
    first_day: date | None
    last_day: date | None
    compare: bool


def _listing(values: Sequence[str]) -> str:
    return ", ".join(values) if values else "(none)"


def _metrics(query: MetricQuery, catalog: Catalog) -> tuple[MetricDefinition, ...]:
    unknown = [m for m in query.metrics if m not in catalog.metrics]
    if not query.metrics or unknown:
        raise MetricQueryError(
            f"Unknown metric(s): {', '.join(unknown) or '(none given)'}. "
            f"Valid metrics: {', '.join(catalog.metrics)}."
        )
    if len(set(query.metrics)) != len(query.metrics):
        raise MetricQueryError("A metric is named twice.")
    return tuple(catalog.metrics[m] for m in query.metrics)


def _allowed(metrics: tuple[MetricDefinition, ...], attribute: str) -> list[str]:
    sets = [set(getattr(m, attribute)) for m in metrics]
    common = set.intersection(*sets)
    order = GRAINS if attribute == "grains" else metrics[0].dimensions
    return [value for value in order if value in common]


def _refuse_dimension(name: str, metrics: tuple[MetricDefinition, ...], what: str) -> None:
    for metric in metrics:
        if name not in metric.dimensions:
            raise MetricQueryError(
                f"Metric {metric.name} cannot be {what} '{name}'. "
                f"It can be cut by: {_listing(metric.dimensions)}."
            )


def _by(
    query: MetricQuery, metrics: tuple[MetricDefinition, ...], catalog: Catalog
) -> tuple[str | None, tuple[str, ...]]:
    grains = [b for b in query.by if b in GRAINS]
    if len(grains) > 1:
        raise MetricQueryError(f"At most one time grain, got {', '.join(grains)}.")
    grain = grains[0] if grains else None
    for metric in metrics:
        if grain and grain not in metric.grains:
            raise MetricQueryError(
                f"Metric {metric.name} has no '{grain}' grain. "
                f"Its time grains: {_listing(metric.grains)}."
            )
    if grain is None:
        per_period = [m.name for m in metrics if m.needs_grain]
        if per_period:
            raise MetricQueryError(
                f"{', '.join(per_period)} is defined per period: add a time grain to `by` "
                f"({_listing(_allowed(metrics, 'grains'))})."
            )
    dimensions = tuple(b for b in query.by if b not in GRAINS)
    for name in dimensions:
        if name not in catalog.dimensions:
            raise MetricQueryError(
                f"Unknown dimension '{name}'. "
                f"{', '.join(query.metrics)} can be cut by: {_listing(_allowed(metrics, 'dimensions'))}; "
                f"time grains: {_listing(_allowed(metrics, 'grains'))}."
            )
        _refuse_dimension(name, metrics, "cut by")
    if len(set(dimensions)) != len(dimensions):
        raise MetricQueryError("A dimension is named twice.")
    return grain, dimensions


def _literal(value: object, dimension: str, kind: str) -> exp.Expression:
    if kind == "boolean":
        if isinstance(value, bool):
            return exp.Boolean(this=value)
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return exp.Boolean(this=value.lower() == "true")
        raise MetricQueryError(f"Dimension {dimension} takes true or false, got {value!r}.")
    if not isinstance(value, str):
        raise MetricQueryError(f"Dimension {dimension} takes text values, got {value!r}.")
    return exp.Literal.string(value)


def _value_filters(
    query: MetricQuery, metrics: tuple[MetricDefinition, ...], catalog: Catalog
) -> list[exp.Expression]:
    conditions = []
    for name, values in query.filters.items():
        if name not in catalog.dimensions:
            raise MetricQueryError(
                f"Unknown filter dimension '{name}'. "
                f"Valid dimensions: {_listing(list(catalog.dimensions))}."
            )
        _refuse_dimension(name, metrics, "filtered by")
        if isinstance(values, (str, bytes)) or not values:
            raise MetricQueryError(f"Filter {name} needs a non-empty list of values.")
        kind = catalog.dimensions[name].type
        literals = [_literal(v, name, kind) for v in values]
        conditions.append(exp.column(name).isin(*literals))
    return conditions


def _check_types(node: exp.Expression, catalog: Catalog) -> None:
    """In `column <op> literal` (and IN, BETWEEN), the literals must have the column's type."""
    column = node.this
    if not isinstance(column, exp.Column):
        raise MetricQueryError(f"'{node.sql()}': put the dimension on the left of the comparison.")
    kind = catalog.dimensions[column.name].type
    if isinstance(node, exp.Is):
        if not isinstance(node.expression, (exp.Null, exp.Boolean)):
            raise MetricQueryError(f"'{node.sql()}': IS takes NULL, TRUE or FALSE.")
        return
    if isinstance(node, exp.In):
        values = node.expressions
    elif isinstance(node, exp.Between):
        values = [node.args["low"], node.args["high"]]
    else:
        values = [node.expression]
    for value in values:
        ok = (
            isinstance(value, exp.Boolean)
            if kind == "boolean"
            else isinstance(value, exp.Literal) and value.is_string
        )
        if not ok:
            expected = "TRUE or FALSE" if kind == "boolean" else "a quoted text value"
            raise MetricQueryError(
                f"Dimension {column.name} takes {expected}; '{value.sql()}' is not one."
            )


def _where(
    query: MetricQuery, metrics: tuple[MetricDefinition, ...], catalog: Catalog
) -> exp.Expression | None:
    if not query.where:
        return None
    try:
        statements = parse(query.where, read="duckdb")
    except ParseError as error:
        raise MetricQueryError(f"The filter is not a valid condition: {error}") from None
    if len(statements) != 1 or statements[0] is None:
        raise MetricQueryError("The filter must be one condition, not SQL statements.")
    condition = statements[0]
    dimensions = _allowed(metrics, "dimensions")
    for node in condition.walk():
        if not isinstance(node, ALLOWED_NODES):
            raise MetricQueryError(
                f"The filter may only compare dimensions ({_listing(dimensions)}) with values; "
                f"'{node.sql()}' is not allowed."
            )
        if isinstance(node, exp.Column):
            if node.table or node.name not in catalog.dimensions:
                raise MetricQueryError(
                    f"Unknown dimension '{node.sql()}' in the filter. "
                    f"Valid dimensions: {_listing(dimensions)}."
                )
            _refuse_dimension(node.name, metrics, "filtered by")
    for node in condition.walk():
        if isinstance(node, (*COMPARISONS, exp.In, exp.Is, exp.Between)):
            _check_types(node, catalog)
    return condition


def parse_day(text: str, end: bool) -> date:
    """YYYY-MM (its first day, or its last with `end`) or YYYY-MM-DD."""
    if MONTH.match(text):
        year, month = int(text[:4]), int(text[5:7])
        return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    if DAY.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise MetricQueryError(f"A date must be YYYY-MM or YYYY-MM-DD, got {text!r}.")


def _range(
    query: MetricQuery, metrics: tuple[MetricDefinition, ...]
) -> tuple[date | None, date | None]:
    first = parse_day(query.since, end=False) if query.since else None
    last = parse_day(query.until, end=True) if query.until else None
    if first and last and last < first:
        raise MetricQueryError(f"The range ends ({last}) before it starts ({first}).")
    if first or last:
        timeless = [m.name for m in metrics if not m.grains]
        if timeless:
            raise MetricQueryError(
                f"{', '.join(timeless)}: as of the end of the data, no time range applies."
            )
    return first, last


def validate(query: MetricQuery, catalog: Catalog) -> ValidQuery:
    """The checked request, or MetricQueryError before any SQL exists."""
    metrics = _metrics(query, catalog)
    grain, dimensions = _by(query, metrics, catalog)
    conditions = _value_filters(query, metrics, catalog)
    where = _where(query, metrics, catalog)
    if where is not None:
        conditions.append(exp.paren(where))
    first, last = _range(query, metrics)
    if query.compare and not grain:
        raise MetricQueryError("Period-over-period needs a time grain in `by`.")
    return ValidQuery(
        metrics=metrics,
        grain=grain,
        dimensions=dimensions,
        condition=exp.and_(*conditions) if conditions else None,
        first_day=first,
        last_day=last,
        compare=query.compare,
    )
