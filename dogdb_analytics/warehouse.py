"""Open the project's SQLMesh context on a given DuckDB warehouse, and build it."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from sqlmesh import Context

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WAREHOUSE = Path("warehouse/dogdb.duckdb")


def open_context(warehouse: Path | None = None, project_root: Path = PROJECT_ROOT) -> Context:
    """A SQLMesh Context whose DuckDB gateway points at `warehouse` (absolute path).

    config.yaml reads the warehouse path from DOGDB_WAREHOUSE, so it is set for this process.
    """
    if warehouse is not None:
        os.environ["DOGDB_WAREHOUSE"] = str(Path(warehouse).resolve())
    return Context(paths=[str(project_root)])


def build_warehouse(
    project_root: Path,
    warehouse: Path,
    scale: str = "small",
    seed: int = 42,
    end_date: date = date(2026, 10, 31),
) -> Context:
    """Generate the raw extract at `scale` into `warehouse` and build prod on it."""
    from dogdb_analytics.generate import generate_sources

    generate_sources(warehouse, scale=scale, seed=seed, end_date=end_date)
    context = open_context(warehouse, project_root)
    context.plan("prod", auto_apply=True, no_prompts=True)
    return context
