"""The read-only snapshot of prod that dashboards and analysts read.

DuckDB lets one process write a database file at a time, and a running `sqlmesh run` holds the
warehouse. Readers therefore never open the warehouse: after each build or run the pipeline
copies prod's marts (and the core, reporting, quality, forecast and semantic tables) into a new file
and moves it over the published one with an atomic rename. A reader that opens the snapshot sees
either the previous or the new publication in full, never a half-written one, and never blocks
or slows the pipeline.

Before copying, the step runs every model audit against prod (dogdb_analytics.publishing.audit_results) and
records the results in the snapshot as `quality.audit_results`, since SQLMesh keeps no history of
them; `--no-audits` skips that.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from dogdb_analytics.publishing.audit_results import (
    AUDIT_RESULTS_COLUMNS,
    AUDIT_RESULTS_TABLE,
    AuditResultRow,
    collect_audit_results,
)

PUBLISHED_SCHEMAS = ("core", "marts", "reporting", "quality", "forecast", "semantic")
SNAPSHOT_NAME = "published.duckdb"


def default_snapshot(warehouse: Path) -> Path:
    return Path(warehouse).parent / SNAPSHOT_NAME


def _write_audit_results(
    connection: duckdb.DuckDBPyConnection, results: list[AuditResultRow]
) -> None:
    schema, table = AUDIT_RESULTS_TABLE
    connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    connection.execute(
        f'CREATE TABLE "{schema}"."{table}" ('
        "model TEXT NOT NULL, audit TEXT NOT NULL, audit_arguments TEXT NOT NULL, "
        "blocking BOOLEAN NOT NULL, skipped BOOLEAN NOT NULL, failing_rows BIGINT, "
        "checked_from TIMESTAMP NOT NULL, checked_to TIMESTAMP NOT NULL, "
        "checked_at TIMESTAMP NOT NULL)"
    )
    if results:
        placeholders = ", ".join("?" for _ in AUDIT_RESULTS_COLUMNS)
        connection.executemany(
            f'INSERT INTO "{schema}"."{table}" VALUES ({placeholders})',
            [result.as_tuple() for result in results],
        )


def publish(
    warehouse: Path, snapshot: Path | None = None, record_audits: bool = True
) -> dict[str, int]:
    """Copy prod's published schemas into `snapshot` atomically; returns rows per table.

    With `record_audits`, every model audit is first run against prod and its result written to
    the snapshot's `quality.audit_results`.
    """
    warehouse = Path(warehouse).resolve()
    audit_results = collect_audit_results(warehouse) if record_audits else None
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
        if audit_results is not None:
            _write_audit_results(connection, audit_results)
            counts[".".join(AUDIT_RESULTS_TABLE)] = len(audit_results)
        connection.execute(
            "CREATE TABLE main.publication AS SELECT CURRENT_TIMESTAMP AS published_at"
        )
        connection.execute(f'DETACH "{catalog}"')
    os.replace(staging, target)
    return counts
