"""Plain SQL on a warehouse file, for tests that write raw rows or read results directly."""

from __future__ import annotations

from pathlib import Path

import duckdb


def execute(warehouse: Path, *statements: str) -> None:
    """Run `statements` in order on one read-write connection."""
    with duckdb.connect(str(warehouse)) as connection:
        for statement in statements:
            connection.execute(statement)


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    """All rows of `sql`, read-only."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql, params or []).fetchall()
