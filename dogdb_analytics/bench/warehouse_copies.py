"""Throwaway copies of a warehouse file for the benchmark's steps."""

from __future__ import annotations

import shutil
from pathlib import Path

WAREHOUSE_NAME = "dogdb.duckdb"  # DuckDB names the catalog after the file: every copy keeps it


def fresh_copy(source: Path, directory: Path) -> Path:
    """`source` copied into an emptied `directory`, under WAREHOUSE_NAME."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    target = directory / WAREHOUSE_NAME
    shutil.copyfile(source, target)
    return target
