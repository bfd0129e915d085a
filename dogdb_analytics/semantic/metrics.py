"""The semantic layer's Python API: every reader (CLI, HTTP API, dashboard, workbook) asks here.

    from dogdb_analytics.semantic.metrics import MetricQuery, query_metrics
    answer = query_metrics(MetricQuery(("mrr", "paying_customers"), by=("month", "plan")), snapshot)

Definitions come from metrics/ (definitions.py), a request is checked (request.py) and compiled
to one SQL query (compiler.py) without any warehouse, then run read-only on the published snapshot
(execution.py).
"""

from __future__ import annotations

import threading
from pathlib import Path

from dogdb_analytics.semantic.compiler import compile_query
from dogdb_analytics.semantic.definitions import Catalog, MetricDefinition, default_catalog
from dogdb_analytics.semantic.execution import Answer, SnapshotMissingError, run_on_snapshot
from dogdb_analytics.semantic.request import MetricQuery, MetricQueryError, validate

DIALECTS = ("duckdb", "postgres", "spark", "snowflake")

__all__ = [
    "DIALECTS",
    "Answer",
    "MetricQuery",
    "MetricQueryError",
    "SnapshotMissingError",
    "build_sql",
    "definition",
    "query_metrics",
    "transpiled",
]


def _check_dialect(dialect: str) -> None:
    if dialect not in DIALECTS:
        raise MetricQueryError(
            f"Unknown dialect {dialect!r}. Valid dialects: {', '.join(DIALECTS)}."
        )


def build_sql(query: MetricQuery, dialect: str = "duckdb", catalog: Catalog | None = None) -> str:
    """The SQL answering `query` in `dialect`; MetricQueryError for a bad request."""
    _check_dialect(dialect)
    return transpiled(query, catalog)[dialect]


def _key(query: MetricQuery) -> tuple:
    filters = tuple(sorted((k, tuple(map(repr, v))) for k, v in query.filters.items()))
    return (query.metrics, query.by, filters, query.where, query.since, query.until, query.compare)


_compiled: dict[tuple, dict[str, str]] = {}
_compiled_lock = threading.Lock()
COMPILED_KEPT = 512


def _compile(query: MetricQuery, catalog: Catalog) -> dict[str, str]:
    expression = compile_query(validate(query, catalog), catalog)
    return {dialect: expression.sql(dialect=dialect, pretty=True) for dialect in DIALECTS}


def transpiled(query: MetricQuery, catalog: Catalog | None = None) -> dict[str, str]:
    """The request's SQL in every dialect (duckdb is what runs on the snapshot). Requests on the
    project's catalog are compiled once per process (a bad one raises every time)."""
    if catalog is not None:
        return _compile(query, catalog)
    key = _key(query)
    with _compiled_lock:
        known = _compiled.get(key)
    if known is None:
        known = _compile(query, default_catalog())
        with _compiled_lock:
            if len(_compiled) >= COMPILED_KEPT:
                _compiled.clear()
            _compiled[key] = known
    return dict(known)


def query_metrics(query: MetricQuery, snapshot: Path, catalog: Catalog | None = None) -> Answer:
    """Run the request on the published snapshot (read-only)."""
    return run_on_snapshot(snapshot, build_sql(query, "duckdb", catalog))


def definition(name: str, catalog: Catalog | None = None) -> MetricDefinition:
    catalog = catalog or default_catalog()
    if name not in catalog.metrics:
        raise MetricQueryError(
            f"Unknown metric: {name}. Valid metrics: {', '.join(catalog.metrics)}."
        )
    return catalog.metrics[name]
