"""Order-independent checksums of every published table of a built warehouse.

A table's checksum is its row count and the sum, over its rows, of a number taken from the MD5 of
the row's values (each column cast to text, floating-point values rounded first). Two builds whose
tables hold the same rows, in any order, have the same checksums; any changed, missing or extra
row changes them. Only the columns recorded are hashed, so a column added later leaves the
checksum of the recorded ones unchanged (the test says when a recorded column disappears).

Regenerate the stored file from a fresh `small` build (about 30 s):

    .venv/bin/python tests/python/mart_checksums.py            # builds small in a temp folder
    .venv/bin/python tests/python/mart_checksums.py --warehouse path/to/built.duckdb
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import duckdb

CHECKSUM_FILE = Path(__file__).with_name("mart_checksums.json")
SCHEMAS = ("marts", "reporting", "semantic")
FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")
FLOAT_DECIMALS = 6
# 48 bits of each row's MD5: a sum over millions of rows fits a HUGEINT with room to spare.
HASH_HEX_DIGITS = 12


def published_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table or view of the published schemas, as schema.name (SQLMesh's views of prod)."""
    rows = connection.execute(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables"
        f" WHERE table_schema IN ({', '.join(repr(s) for s in SCHEMAS)}) ORDER BY 1"
    ).fetchall()
    return [name for (name,) in rows]


def table_columns(connection: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Column name -> data type of a table, by name."""
    schema, name = table.split(".")
    rows = connection.execute(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = ? AND table_name = ? ORDER BY column_name",
        [schema, name],
    ).fetchall()
    return dict(rows)


def _column_text(column: str, data_type: str) -> str:
    quoted = '"' + column.replace('"', '""') + '"'
    if data_type.upper() in FLOAT_TYPES:
        quoted = f"ROUND({quoted}, {FLOAT_DECIMALS})"
    return f"COALESCE(CAST({quoted} AS VARCHAR), '<null>')"


def table_checksum(
    connection: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str]
) -> dict[str, object]:
    """Row count and the sum of a hash of each row's values over `columns` (name -> type)."""
    names = sorted(columns)
    row_text = " || '|' || ".join(_column_text(c, columns[c]) for c in names)
    count, hash_sum = connection.execute(
        f"SELECT COUNT(*), COALESCE(SUM(CAST(CAST(('0x' || LEFT(MD5({row_text}), {HASH_HEX_DIGITS}))"
        f" AS BIGINT) AS HUGEINT)), 0) FROM {table}"
    ).fetchone()
    return {"rows": int(count), "hash_sum": str(hash_sum), "columns": names}


def warehouse_checksums(warehouse: Path) -> dict[str, dict[str, object]]:
    """The checksum of every published table of a built warehouse, by table name."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return {
            table: table_checksum(connection, table, table_columns(connection, table))
            for table in published_tables(connection)
        }


def write_checksums(warehouse: Path, target: Path = CHECKSUM_FILE) -> Path:
    """Store the checksums of `warehouse` in `target` (JSON, one entry per table)."""
    target.write_text(json.dumps(warehouse_checksums(warehouse), indent=1, sort_keys=True) + "\n")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--warehouse", type=Path, help="a built small warehouse (default: build one)"
    )
    args = parser.parse_args()
    if args.warehouse is not None:
        print(write_checksums(args.warehouse))
        return
    from dogdb_analytics.warehouse import PROJECT_ROOT, build_warehouse

    with tempfile.TemporaryDirectory() as folder:
        warehouse = build_warehouse(PROJECT_ROOT, Path(folder) / "dogdb.duckdb", scale="small")
        print(write_checksums(warehouse))


if __name__ == "__main__":
    main()
