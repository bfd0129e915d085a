"""The dashboard's door to the semantic layer: every headline number and every chart of a metric
is a metric query (dogdb_analytics.semantic), on the same published snapshot as the page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from dogdb_analytics.semantic.metrics import MetricQuery, query_metrics


def metric_frame(
    snapshot: Path,
    metrics: Sequence[str],
    by: Sequence[str] = (),
    filters: Mapping[str, Sequence[object]] | None = None,
    first: date | None = None,
    last: date | None = None,
) -> pd.DataFrame:
    """The metrics by `by` (a time grain and/or dimensions) over [first, last] (days included)."""
    query = MetricQuery(
        metrics=tuple(metrics),
        by=tuple(by),
        filters=dict(filters or {}),
        since=first.isoformat() if first else None,
        until=last.isoformat() if last else None,
    )
    return query_metrics(query, snapshot).frame


def metric_row(
    snapshot: Path,
    metrics: Sequence[str],
    filters: Mapping[str, Sequence[object]] | None = None,
    first: date | None = None,
    last: date | None = None,
) -> dict[str, object]:
    """The metrics over the whole range (stocks at its last period), as one row."""
    return metric_frame(snapshot, metrics, (), filters, first, last).iloc[0].to_dict()


def month_end(month: date) -> date:
    """The last day of the month starting on `month` (ranges of months include their last day)."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
