"""Write the generated tables into the app database, with the app's own schema and types.

The generator (dogdb_analytics.generate) writes a scratch DuckDB file; its tables are then
created in the app database from external_models.yaml (in the app's dialect) and filled: by COPY
on PostgreSQL, by batched inserts on the embedded SQLite file. Accounts have the app's primary
key (account_id), so the generator's duplicate account rows, identical copies, are written once;
the other tables have no key in the app and keep every row as generated.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import duckdb
import sqlalchemy as sa

from dogdb_analytics.generate.ddl import app_tables, create_table_sql
from dogdb_analytics.generate.sources import DEFAULT_END_DATE, generate_sources
from dogdb_analytics.ingestion.app_database import AppDatabase
from dogdb_analytics.ingestion.load_tables import LOAD_SPECS

TIMESTAMP_TEXT = "%Y-%m-%d %H:%M:%S.%f"  # SQLite keeps timestamps as text: one sortable format
BATCH_ROWS = 50_000


def create_app_tables(app: AppDatabase, connection: sa.Connection) -> None:
    """(Re)create the app's tables: the declared columns, the accounts' and events' primary
    keys, and an index on every load cursor."""
    for table, columns in app_tables().items():
        name = app.table(table)
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
        ddl = create_table_sql(name, columns, app.dialect)
        key = LOAD_SPECS[table].primary_key
        if key:
            ddl = ddl[:-1] + f', PRIMARY KEY ("{key}"))'
        connection.exec_driver_sql(ddl)
        cursor = LOAD_SPECS[table].cursor
        if cursor != key:
            connection.exec_driver_sql(f'CREATE INDEX "{table}_{cursor}" ON {name} ("{cursor}")')


def _select(table: str, columns: dict[str, str], as_text: bool) -> str:
    items = [
        f"strftime({name}, '{TIMESTAMP_TEXT}') AS {name}"
        if as_text and kind == "TIMESTAMP"
        else name
        for name, kind in columns.items()
    ]
    distinct = "DISTINCT " if LOAD_SPECS[table].primary_key else ""
    return f"SELECT {distinct}{', '.join(items)} FROM raw.{table}"


def write_extract(app: AppDatabase, extract: Path, work_dir: Path) -> dict[str, int]:
    """Replace the app's tables with those of the generated DuckDB file `extract`."""
    if app.dialect == "sqlite":
        Path(app.url.database or "").parent.mkdir(parents=True, exist_ok=True)
    engine = app.engine()
    counts: dict[str, int] = {}
    try:
        with engine.begin() as connection, duckdb.connect(str(extract), read_only=True) as source:
            create_app_tables(app, connection)
            raw_connection = connection.connection.driver_connection
            for table, columns in app_tables().items():
                names = ", ".join(f'"{c}"' for c in columns)
                if app.dialect == "postgres":
                    csv = work_dir / f"{table}.csv"
                    source.execute(
                        f"COPY ({_select(table, columns, False)}) TO '{csv}' (FORMAT csv, HEADER false)"
                    )
                    with raw_connection.cursor() as cursor, csv.open(encoding="utf-8") as handle:
                        cursor.copy_expert(
                            f"COPY {app.table(table)} ({names}) FROM STDIN WITH (FORMAT csv)",
                            handle,
                        )
                    csv.unlink()
                else:
                    result = source.execute(_select(table, columns, True))
                    marks = ", ".join("?" for _ in columns)
                    insert = f"INSERT INTO {app.table(table)} ({names}) VALUES ({marks})"
                    while batch := result.fetchmany(BATCH_ROWS):
                        raw_connection.executemany(insert, batch)
                counts[table] = connection.exec_driver_sql(
                    f"SELECT count(*) FROM {app.table(table)}"
                ).scalar_one()
    finally:
        engine.dispose()
    return counts


def generate_app_database(
    app: AppDatabase,
    scale: str,
    seed: int = 42,
    end_date: date = DEFAULT_END_DATE,
) -> dict[str, int]:
    """Generate `scale` and write it into the app database; returns rows per app table."""
    with tempfile.TemporaryDirectory(prefix="dogdb-generate-") as scratch:
        extract = Path(scratch) / "extract.duckdb"
        generate_sources(extract, scale=scale, seed=seed, end_date=end_date)
        return write_extract(app, extract, Path(scratch))
