"""Copy the generated raw extract from the DuckDB warehouse to another engine.

The tables and their column types are those of external_models.yaml, so every engine reads the
same declared schema. PostgreSQL gets the rows through COPY (CSV written by DuckDB); Spark reads
Parquet files written by DuckDB's COPY ... (FORMAT parquet), cast to the declared types.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import psycopg2

from dogdb_analytics.generate.ddl import app_tables, column_type


def raw_tables_of_app() -> dict[str, dict[str, str]]:
    """raw.<table> -> {column: type} of the columns the generator writes (no loader columns)."""
    return {f"raw.{name}": columns for name, columns in app_tables().items()}


def export_raw_files(warehouse: Path, directory: Path, file_format: str) -> dict[str, Path]:
    """Write each raw table to `directory` as csv or parquet; returns table -> file."""
    directory.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for table, columns in raw_tables_of_app().items():
            path = directory / f"{table}.{file_format}"
            select = ", ".join(f'"{c}"' for c in columns)
            options = "FORMAT csv, HEADER false" if file_format == "csv" else "FORMAT parquet"
            connection.execute(f"COPY (SELECT {select} FROM {table}) TO '{path}' ({options})")
            files[table] = path
    return files


def load_raw_into_postgres(
    warehouse: Path, connection: psycopg2.extensions.connection, work_dir: Path
) -> dict[str, int]:
    """(Re)create schema raw in PostgreSQL with the extract's rows; returns rows per table."""
    files = export_raw_files(warehouse, work_dir, "csv")
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS raw CASCADE")
        cursor.execute("CREATE SCHEMA raw")
        for table, columns in raw_tables_of_app().items():
            definition = ", ".join(
                f'"{name}" {column_type(kind, "postgres")}' for name, kind in columns.items()
            )
            cursor.execute(f"CREATE TABLE {table} ({definition})")
            with files[table].open(encoding="utf-8") as handle:
                cursor.copy_expert(f"COPY {table} FROM STDIN WITH (FORMAT csv)", handle)
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table] = int(cursor.fetchone()[0])
    connection.commit()
    return counts


def spark_raw_select(table: str, parquet: Path, columns: dict[str, str]) -> str:
    """The Spark SQL that reads one raw table's Parquet file with the declared column types."""
    casts = ", ".join(
        f"CAST(`{name}` AS {column_type(kind, 'spark')}) AS `{name}`"
        for name, kind in columns.items()
    )
    return f"SELECT {casts} FROM parquet.`{parquet}`"
