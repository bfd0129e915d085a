"""Open the project's SQLMesh context on a given DuckDB warehouse, and build it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlmesh import Context
from sqlmesh.core.console import Console

from dogdb_analytics.generate.sources import DEFAULT_END_DATE

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WAREHOUSE = Path("warehouse/dogdb.duckdb")


def open_context(
    warehouse: Path | None = None,
    project_root: Path = PROJECT_ROOT,
    console: Console | None = None,
    gateway: str | None = None,
) -> Context:
    """A SQLMesh Context whose DuckDB gateway points at `warehouse` (absolute path).

    config.yaml reads the warehouse path from DOGDB_WAREHOUSE, so it is set for this process.
    `console` replaces SQLMesh's terminal output, e.g. with a RecordingConsole.
    """
    if warehouse is not None:
        os.environ["DOGDB_WAREHOUSE"] = str(Path(warehouse).resolve())
    context = Context(paths=[str(project_root)], gateway=gateway)
    if console is not None:
        context.console = console
    return context


def close_context(context: Context) -> None:
    """Release every connection of the context. Context.close() alone leaves the connection of
    `context.engine_adapter` (fetchdf, cursors) open, which keeps other connections of this
    process (read-only ones, say) off the DuckDB file."""
    context.engine_adapter.close()
    context.close()


@contextmanager
def opened_context(
    warehouse: Path | None = None,
    project_root: Path = PROJECT_ROOT,
    console: Console | None = None,
    gateway: str | None = None,
) -> Iterator[Context]:
    """open_context(...) as a context manager that closes every connection on exit."""
    context = open_context(warehouse, project_root, console, gateway)
    try:
        yield context
    finally:
        close_context(context)


def execution_time_after(end_date: date) -> str:
    """The execution time of a build that has just processed an extract ending on `end_date`:
    midnight after its last day. Builds of a generated extract use it instead of the clock, so
    that the intervals they fill (every day, week and month up to the extract's end, none after
    it) and therefore their row counts are the same whatever the date they run on."""
    return datetime.combine(end_date + timedelta(days=1), time()).strftime("%Y-%m-%d %H:%M:%S")


# The execution time of every build of an extract generated with the default end date.
EXTRACT_BUILT_AT = execution_time_after(DEFAULT_END_DATE)


def build_warehouse(
    project_root: Path,
    warehouse: Path,
    scale: str = "small",
    seed: int = 42,
    end_date: date = DEFAULT_END_DATE,
) -> Path:
    """Generate the raw extract at `scale` into `warehouse` and build prod on it, as of the
    midnight after the extract's last day (execution_time_after).

    The context is closed afterwards, so that other connections (read-only ones included) can
    open the DuckDB file in this process.
    """
    from dogdb_analytics.generate import generate_sources

    generate_sources(warehouse, scale=scale, seed=seed, end_date=end_date)
    with opened_context(warehouse, project_root) as context:
        context.plan(
            "prod",
            execution_time=execution_time_after(end_date),
            auto_apply=True,
            no_prompts=True,
        )
    return warehouse
