"""Turn an answer of the semantic layer into JSON- and CSV-ready values."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal

import pandas as pd

from dogdb_analytics.semantic.definitions import Catalog, MetricDefinition


def _plain(value: object) -> object:
    """A JSON value: dates as ISO text, decimals and numpy numbers as floats/ints, NaN as null."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def records(frame: pd.DataFrame) -> list[dict[str, object]]:
    columns = list(frame.columns)
    return [
        {column: _plain(value) for column, value in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def describe(metric: MetricDefinition, catalog: Catalog) -> dict[str, object]:
    """A metric's definition as the API lists it."""
    return {
        "name": metric.name,
        "description": metric.description,
        "owner": metric.owner,
        "kind": metric.kind,
        "unit": metric.unit,
        "grains": list(metric.grains),
        "dimensions": list(metric.dimensions),
        "sources": list(metric.sources),
        "expression": metric.expression.sql(dialect="duckdb"),
    }


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
