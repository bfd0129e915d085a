"""Read a query's rows from each engine as plain Python tuples, for the cross-engine check."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import psycopg2

from dogdb_analytics.engines.cross_engine_check import Fetch


@contextmanager
def duckdb_fetch(warehouse: Path) -> Iterator[Fetch]:
    """Rows of prod's views in a DuckDB warehouse (read-only)."""
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:

        def fetch(sql: str) -> Sequence[Sequence[Any]]:
            return connection.execute(sql).fetchall()

        yield fetch
    finally:
        connection.close()


@contextmanager
def postgres_fetch(connection: psycopg2.extensions.connection) -> Iterator[Fetch]:
    """Rows of prod's views in a PostgreSQL database (the session runs in UTC)."""
    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")

        def fetch(sql: str) -> Sequence[Sequence[Any]]:
            cursor.execute(sql)
            return cursor.fetchall()

        yield fetch
    connection.rollback()
