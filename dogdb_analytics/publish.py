"""`dogdb publish`: the read-only snapshot of prod that dashboards and analysts read.

DuckDB lets one process write a database file at a time, and a running `sqlmesh run` holds the
warehouse. Readers therefore never open the warehouse: after each build or run the pipeline
copies prod's marts (and the core, reporting and quality tables they join to) into a new file
and moves it over the published one with an atomic rename. A reader that opens the snapshot sees
either the previous or the new publication in full, never a half-written one, and never blocks
or slows the pipeline.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import duckdb

from dogdb_analytics.warehouse import DEFAULT_WAREHOUSE

PUBLISHED_SCHEMAS = ("core", "marts", "reporting", "quality", "forecast")
SNAPSHOT_NAME = "published.duckdb"


def default_snapshot(warehouse: Path) -> Path:
    return Path(warehouse).parent / SNAPSHOT_NAME


def publish(warehouse: Path, snapshot: Path | None = None) -> dict[str, int]:
    """Copy prod's published schemas into `snapshot` atomically; returns rows per table."""
    warehouse = Path(warehouse).resolve()
    target = (snapshot or default_snapshot(warehouse)).resolve()
    staging = target.with_name(f".{target.stem}.{os.getpid()}.tmp.duckdb")
    staging.unlink(missing_ok=True)
    catalog = warehouse.stem
    counts: dict[str, int] = {}
    with duckdb.connect(str(staging)) as connection:
        # Prod's views name their tables as "<catalog>".schema.table: attach under that name.
        connection.execute(f"ATTACH '{warehouse.as_posix()}' AS \"{catalog}\" (READ_ONLY)")
        tables = connection.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_catalog = ? AND table_schema IN ({}) ORDER BY 1, 2".format(
                ", ".join("?" for _ in PUBLISHED_SCHEMAS)
            ),
            [catalog, *PUBLISHED_SCHEMAS],
        ).fetchall()
        for schema, table in tables:
            connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            connection.execute(
                f'CREATE TABLE "{schema}"."{table}" AS '
                f'SELECT * FROM "{catalog}"."{schema}"."{table}"'
            )
            counts[f"{schema}.{table}"] = connection.execute(
                f'SELECT COUNT(*) FROM "{schema}"."{table}"'
            ).fetchone()[0]
        connection.execute(
            "CREATE TABLE main.publication AS SELECT CURRENT_TIMESTAMP AS published_at"
        )
        connection.execute(f'DETACH "{catalog}"')
    os.replace(staging, target)
    return counts


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="DuckDB warehouse file"
    )
    parser.add_argument(
        "--snapshot", type=Path, help=f"published file (default: {SNAPSHOT_NAME} beside it)"
    )


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    counts = publish(args.warehouse, args.snapshot)
    target = args.snapshot or default_snapshot(args.warehouse)
    print(
        f"Published {len(counts)} tables ({sum(counts.values()):,} rows) to {target} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0
