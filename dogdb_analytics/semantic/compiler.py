"""Compile a checked metrics request into one SQL query (a sqlglot expression), in any dialect.

Shape of the query: one aggregate subquery ("leg") per source model and temporal rule, grouped
by the period of the grain (from the core.dim_date spine) and the dimensions asked for; the keys of
all legs; each metric's formula on its parts, joined on those keys.

- Additive and non-additive parts aggregate every row of the period (a distinct count or a median
  is computed from the rows, never from finer results).
- Semi-additive parts (stocks) aggregate only the rows of the last sub-period present in the source
  within each period and the range (the last month of a quarter; the range's last month without a
  grain). The last sub-period is found on the range alone, before dimension filters.
- A ratio divides its parts, each computed at the grain asked for: never an average of ratios.
"""

from __future__ import annotations

from datetime import date

from sqlglot import exp

from dogdb_analytics.semantic.definitions import Catalog, MetricDefinition, Part, Source
from dogdb_analytics.semantic.request import ValidQuery

SPINE = "core.dim_date"
PERIOD = "period_start"
SPINE_COLUMNS = {"day": "date_day", "week": "week_start", "month": "month_start"}


def _date(value: date) -> exp.Expression:
    return exp.cast(exp.Literal.string(value.isoformat()), exp.DataType.Type.DATE)


def _period(grain: str, spine: str) -> exp.Expression:
    if grain in SPINE_COLUMNS:
        return exp.column(SPINE_COLUMNS[grain], spine)
    truncated = exp.DateTrunc(unit=exp.Literal.string(grain), this=exp.column("month_start", spine))
    return exp.cast(truncated, exp.DataType.Type.DATE)


def _range(source: Source, query: ValidQuery, alias: str) -> list[exp.Expression]:
    if not source.time_column:
        return []
    column = exp.column(source.time_column, alias)
    conditions = []
    if query.first_day:
        conditions.append(column >= _date(query.first_day))
    if query.last_day:
        conditions.append(column <= _date(query.last_day))
    return conditions


def _scoped(condition: exp.Expression, source: Source, alias: str) -> exp.Expression:
    """The request's condition on dimension names, rewritten to the source's columns."""
    scoped = condition.copy()
    for column in list(scoped.find_all(exp.Column)):
        column.replace(exp.column(source.dimensions[column.name], alias))
    return scoped


def _with_spine(select: exp.Select, source: Source, alias: str, spine: str) -> exp.Select:
    on = exp.column("date_day", spine).eq(exp.column(source.time_column, alias))
    return select.join(exp.to_table(SPINE).as_(spine), on=on, join_type="inner")


def _last_periods(source: Source, query: ValidQuery) -> exp.Select:
    """The last value of the source's time column within each period of the range."""
    select = exp.select(exp.func("MAX", exp.column(source.time_column, "s")).as_("last_time"))
    select = select.from_(exp.to_table(source.table).as_("s"))
    if query.grain:
        select = _with_spine(select, source, "s", "d")
        select = select.group_by(_period(query.grain, "d"))
    conditions = _range(source, query, "s")
    return select.where(*conditions) if conditions else select


def _leg(source: Source, parts: list[Part], stock: bool, query: ValidQuery) -> exp.Select:
    alias, spine = "s", "d"
    projections: list[exp.Expression] = []
    groups: list[exp.Expression] = []
    if query.grain:
        projections.append(_period(query.grain, spine).as_(PERIOD))
        groups.append(_period(query.grain, spine))
    for name in query.dimensions:
        projections.append(exp.column(source.dimensions[name], alias).as_(name))
        groups.append(exp.column(source.dimensions[name], alias))
    for part in parts:
        aggregate = part.aggregate.transform(
            lambda node: exp.column(node.name, alias) if isinstance(node, exp.Column) else node
        )
        projections.append(aggregate.as_(part.name))
    select = exp.select(*projections).from_(exp.to_table(source.table).as_(alias))
    if query.grain:
        select = _with_spine(select, source, alias, spine)
    if stock and source.time_column:
        last = _last_periods(source, query).subquery("l")
        on = exp.column("last_time", "l").eq(exp.column(source.time_column, alias))
        select = select.join(last, on=on, join_type="inner")
    conditions = _range(source, query, alias)
    if query.condition is not None:
        conditions.append(_scoped(query.condition, source, alias))
    if conditions:
        select = select.where(*conditions)
    return select.group_by(*groups) if groups else select


def _legs(query: ValidQuery, catalog: Catalog) -> dict[str, tuple[exp.Select, list[str]]]:
    """leg name -> (its query, the part names it computes)."""
    grouped: dict[tuple[str, bool], list[Part]] = {}
    for metric in query.metrics:
        for part in metric.parts:
            key = (part.source, part.semi_additive)
            if all(p.name != part.name for p in grouped.setdefault(key, [])):
                grouped[key].append(part)
    legs = {}
    for index, ((table, stock), parts) in enumerate(sorted(grouped.items()), start=1):
        leg = _leg(catalog.sources[table], parts, stock, query)
        legs[f"leg_{index}"] = (leg, [p.name for p in parts])
    return legs


def _formula(metric: MetricDefinition, owner: dict[str, str]) -> exp.Expression:
    """The metric's formula on its legs' columns; a division is a float division by NULLIF(.., 0)."""

    def rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and node.name in owner:
            return exp.column(node.name, owner[node.name])
        if isinstance(node, exp.Div):
            numerator = exp.cast(node.this, exp.DataType.Type.DOUBLE)
            denominator = exp.func("NULLIF", node.expression, exp.Literal.number(0))
            return exp.Div(this=numerator, expression=denominator)
        return node

    return metric.formula.copy().transform(rewrite)


def compile_query(query: ValidQuery, catalog: Catalog) -> exp.Select:
    """The one SQL query answering `query`."""
    legs = _legs(query, catalog)
    keys = ([PERIOD] if query.grain else []) + list(query.dimensions)
    owner = {part: name for name, (_, parts) in legs.items() for part in parts}
    projections: list[exp.Expression] = []
    if query.grain:
        projections.append(exp.column(PERIOD, "k").as_(query.grain))
    projections += [exp.column(d, "k").as_(d) for d in query.dimensions]
    projections += [_formula(m, owner).as_(m.name) for m in query.metrics]
    result = exp.select(*projections)
    for name, (leg, _) in legs.items():
        result = result.with_(name, as_=leg)
    if keys:
        union = None
        for name in legs:
            select = exp.select(*(exp.column(k) for k in keys)).from_(name)
            union = select if union is None else exp.union(union, select, distinct=True)
        result = result.with_("keys", as_=union).from_(exp.to_table("keys").as_("k"))
        for name in legs:
            on = exp.and_(*(exp.column(k, name).eq(exp.column(k, "k")) for k in keys))
            result = result.join(exp.to_table(name), on=on, join_type="left")
        result = result.order_by(*(exp.column(k, "k") for k in keys))
    else:
        names = list(legs)
        result = result.from_(names[0])
        for name in names[1:]:
            result = result.join(exp.to_table(name), join_type="cross")
    if query.compare:
        return _with_previous_period(result, query)
    return result


def _with_previous_period(result: exp.Select, query: ValidQuery) -> exp.Select:
    """Each metric beside its value in the period before (same dimensions) and the change."""
    assert query.grain
    grain = query.grain
    partition = [exp.column(d) for d in query.dimensions]
    projections: list[exp.Expression] = [exp.column(grain), *partition]
    for metric in query.metrics:
        window = exp.Window(
            this=exp.func("LAG", exp.column(metric.name)),
            partition_by=partition or None,
            order=exp.Order(expressions=[exp.Ordered(this=exp.column(grain))]),
        )
        projections += [
            exp.column(metric.name),
            window.copy().as_(f"{metric.name}_previous"),
            (exp.column(metric.name) - window.copy()).as_(f"{metric.name}_change"),
        ]
    outer = exp.select(*projections).from_(result.subquery("current_period"))
    return outer.order_by(exp.column(grain), *(exp.column(d) for d in query.dimensions))
