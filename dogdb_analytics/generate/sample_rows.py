"""The brief's sample rows, kept byte for byte in sample_data/ and loaded with explicit types."""

from __future__ import annotations

from pathlib import Path

import duckdb

SAMPLE_DIR = Path(__file__).resolve().parent / "sample_data"

SAMPLE_TABLES: dict[str, dict[str, str]] = {
    "customer_accounts": {
        "account_id": "INTEGER",
        "email": "VARCHAR",
        "current_tier": "VARCHAR",
        "created_at": "TIMESTAMP",
        "updated_at": "TIMESTAMP",
    },
    "customer_interactions": {
        "account_id": "INTEGER",
        "channel": "VARCHAR",
        "category": "VARCHAR",
        "service_rep": "VARCHAR",
        "status": "VARCHAR",
        "created_at": "TIMESTAMP",
        "completed_at": "TIMESTAMP",
    },
    "customer_licenses": {
        "account_id": "INTEGER",
        "license_data": "VARCHAR",
        "created_at": "TIMESTAMP",
        "updated_at": "TIMESTAMP",
    },
}


def sample_relation(connection: duckdb.DuckDBPyConnection, table: str) -> str:
    """SQL that reads the sample CSV of `table` with the raw table's column types."""
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in SAMPLE_TABLES[table].items())
    path = (SAMPLE_DIR / f"{table}.csv").as_posix()
    return (
        f"SELECT * FROM read_csv('{path}', header = true, quote = '\"', escape = '\"', "
        f"columns = {{{columns}}})"
    )
