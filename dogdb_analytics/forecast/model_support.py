"""What the forecast's Python models share: their sources, audits, inputs and output rows."""

from __future__ import annotations

import typing as t
from collections.abc import Callable, Iterable
from datetime import date

import numpy as np
import pandas as pd
from sqlglot import exp
from sqlmesh import ExecutionContext

from dogdb_analytics.forecast.inputs import known_series

INTERACTIONS_MODEL = "core.fct_interactions"
MRR_SUMMARY_MODEL = "marts.mart_mrr_summary_monthly"

# The @model(...) arguments every forecast model has: what it reads, when and who owns it.
FORECAST_MODEL_ARGUMENTS: dict[str, t.Any] = {
    "kind": "FULL",
    "cron": "@monthly",
    "owner": "data_science",
    "grain": "(series, month)",
    "tags": ["forecast"],
    "depends_on": [INTERACTIONS_MODEL, MRR_SUMMARY_MODEL],
}


def forecast_audits(not_null: list[str]) -> list[tuple[str, dict[str, t.Any]]]:
    """The grain's uniqueness, the `not_null` columns and the two known series names."""
    return [
        ("unique_combination_of_columns", {"columns": [exp.column("series"), exp.column("month")]}),
        ("not_null", {"columns": [exp.column(name) for name in not_null]}),
        ("accepted_values", {"column": exp.column("series"), "is_in": ["interactions", "mrr"]}),
    ]


def known_series_of(context: ExecutionContext) -> dict[str, pd.Series]:
    """The known monthly history of each series, read from the models this run resolves."""
    return known_series(
        context.fetchdf,
        context.resolve_table(INTERACTIONS_MODEL),
        context.resolve_table(MRR_SUMMARY_MODEL),
    )


def output_rows(frames: list[pd.DataFrame], columns: list[str]) -> t.Iterator[pd.DataFrame]:
    """The frames as one table in `columns` order, or no table at all when there is none.
    Missing values become None, not NaN: every engine then writes NULL (PostgreSQL keeps NaN)."""
    if not frames:
        yield from ()
        return
    result = pd.concat(frames, ignore_index=True)[columns]
    yield result.astype(object).where(result.notna(), None)


def rows_per_series(
    context: ExecutionContext,
    rows_of: Callable[[str, pd.Series], pd.DataFrame | None],
    columns: Iterable[str],
) -> t.Iterator[pd.DataFrame]:
    """`rows_of(name, history)` for each known series (None skips one), as one output table."""
    frames = []
    for name, history in known_series_of(context).items():
        frame = rows_of(name, history)
        if frame is not None:
            frames.append(frame)
    yield from output_rows(frames, list(columns))


def month_dates(index: pd.Index) -> list[date]:
    """A monthly index (timestamps of first days) as dates."""
    return [month.date() for month in index]


def float_columns(frame: pd.DataFrame, columns: Iterable[str]) -> dict[str, np.ndarray]:
    """The `columns` of `frame` as float arrays, by name."""
    return {column: frame[column].to_numpy(dtype=float) for column in columns}
