"""The known monthly series the forecast models fit: interactions and ending MRR per month.

Both are read with plain SQL through a `fetchdf` callable (a SQLMesh context's). The queries are
written in DuckDB's dialect, like the models, and handed over as sqlglot expressions, so that the
engine adapter renders them in its own dialect (a SQL string would reach Spark with DuckDB's
double-quoted table names). The last month a series may use is the last *complete* month of the
data, decided by the data and not by the clock, so that a rebuild of the same extract always gives
the same forecast: the month of the latest interaction (`MAX(created_at)` of core.fct_interactions)
when that timestamp falls on the month's last day, otherwise the month before it.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from sqlglot import exp, parse_one

Fetch = Callable[[exp.Expression], pd.DataFrame]

SERIES_INTERACTIONS = "interactions"
SERIES_MRR = "mrr"


def last_complete_month(latest: pd.Timestamp | None) -> pd.Timestamp | None:
    """First day of the last complete month of data whose latest timestamp is `latest`."""
    if latest is None or pd.isna(latest):
        return None
    latest = pd.Timestamp(latest)
    month = latest.normalize().replace(day=1)
    if latest.day == latest.days_in_month:
        return month
    return month - pd.DateOffset(months=1)


def _monthly(frame: pd.DataFrame, month_column: str, value_column: str) -> pd.Series:
    series = pd.Series(
        frame[value_column].astype(float).to_numpy(),
        index=pd.DatetimeIndex(pd.to_datetime(frame[month_column])).as_unit("ns"),
        dtype=float,
    )
    return series.groupby(level=0).sum().sort_index()


def _known(series: pd.Series, through: pd.Timestamp | None, counts: bool) -> pd.Series:
    """Months from the first non-zero one up to `through`, gaps filled with 0. A count has no row
    for a month without events, so it runs to `through`; a model's series stops at its last row."""
    if through is None:
        return pd.Series(dtype=float, index=pd.DatetimeIndex([], name="month"))
    series = series[series.index <= through]
    nonzero = series[series != 0]
    if nonzero.empty:
        return pd.Series(dtype=float, index=pd.DatetimeIndex([], name="month"))
    last = through if counts else series.index[-1]
    months = pd.date_range(nonzero.index[0], last, freq="MS", name="month")
    return series.reindex(months, fill_value=0.0)


def _query(sql: str) -> exp.Expression:
    """A query written in DuckDB's dialect (table names as SQLMesh's resolve_table gives them)."""
    return parse_one(sql, read="duckdb")


def known_series(
    fetchdf: Fetch, interactions_table: str, mrr_summary_table: str
) -> dict[str, pd.Series]:
    """The known history of each forecast series, by month start, oldest first.

    - interactions: distinct interactions (all accounts, orphans included) per UTC creation month.
    - mrr: ending MRR (USD) per month of marts.mart_mrr_summary_monthly.

    Each series starts at its first non-zero month (the months before the business had any) and
    ends at the last complete month of the data, or earlier when its model has not processed that
    month yet.
    """
    latest = fetchdf(
        _query(f"SELECT MAX(created_at) AS latest_created_at FROM {interactions_table}")
    )
    through = last_complete_month(latest["latest_created_at"].iloc[0] if len(latest) else None)
    interactions = fetchdf(
        _query(
            "SELECT created_month, COUNT(DISTINCT interaction_id) AS interactions "
            f"FROM {interactions_table} GROUP BY created_month"
        )
    )
    mrr = fetchdf(_query(f"SELECT mrr_month, ending_mrr FROM {mrr_summary_table}"))
    return {
        SERIES_INTERACTIONS: _known(
            _monthly(interactions, "created_month", "interactions"), through, counts=True
        ),
        SERIES_MRR: _known(_monthly(mrr, "mrr_month", "ending_mrr"), through, counts=False),
    }
