"""A private copy of the warehouse for `sqlmesh ui` (`make ui`).

`sqlmesh ui` keeps a read-write connection to the DuckDB file it is given from its first state
query until it stops, so on the live warehouse it would make the next `sqlmesh run` fail on
DuckDB's lock. `make ui` therefore serves a copy: the warehouse (SQLMesh state, physical tables and
views) copied with DuckDB's COPY FROM DATABASE through a read-only attachment, which fails at once
instead of copying a half-written file when a run holds the warehouse. The copy keeps the file name
(the views refer to their tables as "<file stem>".schema.table), so it lives in its own folder
(`warehouse/ui/` by default). Whatever is done in the UI (even a plan) stays in the copy.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

UI_FOLDER = "ui"


def default_ui_warehouse(warehouse: Path) -> Path:
    return Path(warehouse).parent / UI_FOLDER / Path(warehouse).name


def copy_for_ui(warehouse: Path, target: Path | None = None) -> Path:
    """Copy `warehouse` to `target` (same file name, another folder) atomically; returns target."""
    warehouse = Path(warehouse).resolve()
    if not warehouse.is_file():
        raise FileNotFoundError(f"No warehouse at {warehouse}: run `make demo` first.")
    target = (target or default_ui_warehouse(warehouse)).resolve()
    if target.name != warehouse.name or target.parent == warehouse.parent:
        raise ValueError(
            f"the copy must be named {warehouse.name} and live in another folder than the "
            "warehouse (its views refer to the file's name)"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.stem}.{os.getpid()}.tmp.duckdb")
    staging.unlink(missing_ok=True)
    with duckdb.connect() as connection:
        connection.execute(f"ATTACH '{warehouse.as_posix()}' AS source_warehouse (READ_ONLY)")
        connection.execute(f"ATTACH '{staging.as_posix()}' AS ui_copy")
        connection.execute("COPY FROM DATABASE source_warehouse TO ui_copy")
        connection.execute("DETACH ui_copy")
        connection.execute("DETACH source_warehouse")
    Path(f"{target}.wal").unlink(missing_ok=True)  # a stale log must not replay onto the copy
    os.replace(staging, target)
    return target
