"""The HTTP API: list metric definitions and query them, read-only, on the published snapshot.

Every response names the publication it read (`published_at`; the `X-Published-At` header on
CSV). A bad request (unknown metric, dimension, grain, filter, a filter written as SQL, a range
that ends before it starts) is a 400 with the layer's message, before any SQL runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import duckdb
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from dogdb_analytics.api.responses import describe, iso, records
from dogdb_analytics.semantic.definitions import GRAINS, default_catalog
from dogdb_analytics.semantic.execution import PUBLISHED_AT, run_on_snapshot
from dogdb_analytics.semantic.filter_text import parse_filters
from dogdb_analytics.semantic.metrics import (
    MetricQuery,
    MetricQueryError,
    SnapshotMissingError,
    transpiled,
)


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _published_at(snapshot: Path) -> str | None:
    if not snapshot.is_file():
        raise SnapshotMissingError(f"No published snapshot at {snapshot}.")
    with duckdb.connect(str(snapshot), read_only=True) as connection:
        return iso(connection.execute(PUBLISHED_AT).fetchone()[0])


def create_app(snapshot: Path) -> FastAPI:
    """The API reading `snapshot` (a file `dogdb publish` writes)."""
    app = FastAPI(
        title="DogDB metrics API",
        description="Read-only access to DogDB's semantic layer (metrics/metrics.sql). "
        "Every response names the publication it read.",
        version="1",
    )
    catalog = default_catalog()

    @app.exception_handler(MetricQueryError)
    def bad_request(_: Request, error: MetricQueryError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"error": str(error)})

    @app.exception_handler(RequestValidationError)
    def bad_parameters(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in error.errors()
        )
        return JSONResponse(status_code=400, content={"error": problems})

    @app.exception_handler(SnapshotMissingError)
    def no_snapshot(_: Request, error: SnapshotMissingError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"error": str(error)})

    @app.get("/metrics", summary="Every metric with its definition, kind, grains, dimensions")
    def list_metrics() -> dict[str, object]:
        return {
            "published_at": _published_at(snapshot),
            "grains": list(GRAINS),
            "dimensions": {
                d.name: {"type": d.type, "description": d.description}
                for d in catalog.dimensions.values()
            },
            "metrics": [describe(m, catalog) for m in catalog.metrics.values()],
        }

    @app.get("/metrics/{name}", summary="One metric's definition")
    def one_metric(name: str) -> dict[str, object]:
        if name not in catalog.metrics:
            raise HTTPException(
                status_code=404,
                detail=f"Unknown metric {name}. Valid metrics: {', '.join(catalog.metrics)}.",
            )
        return {"published_at": _published_at(snapshot), **describe(catalog.metrics[name], catalog)}

    @app.get("/query", summary="Query metrics by grain, dimensions, filters and range")
    def query(
        metrics: Annotated[str, Query(description="comma-separated metric names")],
        by: Annotated[
            str, Query(description="a time grain and/or dimensions, comma-separated")
        ] = "",
        filter: Annotated[
            list[str], Query(description="DIMENSION:VALUE[,VALUE...], repeatable")
        ] = [],  # noqa: B006 - FastAPI reads the default, never mutates it
        since: Annotated[str | None, Query(description="YYYY-MM or YYYY-MM-DD")] = None,
        until: Annotated[str | None, Query(description="YYYY-MM or YYYY-MM-DD, included")] = None,
        compare: Annotated[bool, Query(description="add the previous period's values")] = False,
        format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
    ) -> Response:
        request = MetricQuery(
            metrics=_names(metrics),
            by=_names(by),
            filters=parse_filters(filter, ":", "filter"),
            since=since,
            until=until,
            compare=compare,
        )
        sql = transpiled(request)  # compiled once per request shape (the catalog is the default)
        answer = run_on_snapshot(snapshot, sql["duckdb"])
        published_at = iso(answer.published_at)
        if format == "csv":
            return PlainTextResponse(
                answer.frame.to_csv(index=False),
                media_type="text/csv",
                headers={"X-Published-At": published_at or ""},
            )
        return JSONResponse(
            {
                "published_at": published_at,
                "columns": list(answer.frame.columns),
                "rows": records(answer.frame),
                "sql": sql["duckdb"],
                "transpiled": {d: text for d, text in sql.items() if d != "duckdb"},
            }
        )

    return app
