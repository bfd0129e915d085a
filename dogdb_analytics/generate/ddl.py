"""The source tables' columns and DDL, read from external_models.yaml (the one declaration).

external_models.yaml declares the `raw` tables as the warehouse holds them: the app's columns
plus the columns dlt adds when it loads them (`_dlt_*`). The app database has the app's columns
only; the generator and the cross-engine loader create tables from the same declaration.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from sqlglot import exp

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LOADER_COLUMN_PREFIX = "_dlt_"


@cache
def raw_tables(project_root: Path = PROJECT_ROOT) -> dict[str, dict[str, str]]:
    """raw.<table> -> {column: DuckDB type}, in the order external_models.yaml declares them."""
    entries = yaml.safe_load((project_root / "external_models.yaml").read_text())
    return {entry["name"]: dict(entry["columns"]) for entry in entries}


def app_tables(project_root: Path = PROJECT_ROOT) -> dict[str, dict[str, str]]:
    """<table> -> {column: DuckDB type} of the app database: the raw tables without dlt's columns."""
    return {
        name.split(".", 1)[1]: {
            column: kind
            for column, kind in columns.items()
            if not column.startswith(LOADER_COLUMN_PREFIX)
        }
        for name, columns in raw_tables(project_root).items()
    }


def column_type(duckdb_type: str, dialect: str) -> str:
    """A declared (DuckDB) column type in another dialect's spelling. SQLite has no timestamp
    type; a column declared TIMESTAMP is read back as one (by SQLAlchemy, hence by dlt)."""
    kind = exp.DataType.build(duckdb_type, dialect="duckdb")
    if dialect == "sqlite" and kind.is_type(*exp.DataType.TEMPORAL_TYPES):
        return "TIMESTAMP"
    return kind.sql(dialect=dialect)


def create_table_sql(table: str, columns: dict[str, str], dialect: str) -> str:
    """CREATE TABLE `table` (qualified or not) with `columns` in `dialect`."""
    definition = ", ".join(
        f'"{name}" {column_type(kind, dialect)}' for name, kind in columns.items()
    )
    return f"CREATE TABLE {table} ({definition})"
