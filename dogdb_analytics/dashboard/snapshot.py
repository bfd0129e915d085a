"""Where the dashboard reads: the published snapshot (`dogdb publish`), never the warehouse.

Every query opens its own read-only DuckDB connection and closes it at once. A read-only
connection never takes DuckDB's write lock, and `dogdb publish` replaces the snapshot with an
atomic rename, so the pipeline never waits for the dashboard and each query sees one whole
publication (the next query picks up a newer one).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from dogdb_analytics.publishing.snapshot import default_snapshot
from dogdb_analytics.warehouse import DEFAULT_WAREHOUSE

SNAPSHOT_ENV = "DOGDB_SNAPSHOT"


class SnapshotMissingError(RuntimeError):
    """The published snapshot does not exist (prod was never built and published)."""


def snapshot_path() -> Path:
    """DOGDB_SNAPSHOT, else published.duckdb beside DOGDB_WAREHOUSE (or the default warehouse)."""
    explicit = os.environ.get(SNAPSHOT_ENV)
    if explicit:
        return Path(explicit)
    return default_snapshot(Path(os.environ.get("DOGDB_WAREHOUSE", str(DEFAULT_WAREHOUSE))))


def read(snapshot: Path, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
    """Run one parameterized query (`?` placeholders) on a read-only connection to `snapshot`.
    DATE columns come back as datetime.date values (shown as dates, not midnight timestamps)."""
    if not Path(snapshot).is_file():
        raise SnapshotMissingError(
            f"No published snapshot at {snapshot}: build and publish prod first "
            "(`make demo`, or `make run` after a build)."
        )
    with duckdb.connect(str(snapshot), read_only=True) as connection:
        return connection.execute(sql, list(params)).df(date_as_object=True)


PUBLISHED_AT = "SELECT MAX(published_at AT TIME ZONE 'UTC') AS published_at FROM main.publication"

TABLE_EXISTS = """
SELECT COUNT(*) AS tables
FROM information_schema.tables
WHERE table_schema = ? AND table_name = ?
"""


def published_at(snapshot: Path) -> pd.Timestamp | None:
    value = read(snapshot, PUBLISHED_AT)["published_at"].iloc[0]
    return None if pd.isna(value) else pd.Timestamp(value)


def table_exists(snapshot: Path, schema: str, table: str) -> bool:
    return int(read(snapshot, TABLE_EXISTS, [schema, table])["tables"].iloc[0]) > 0


def values(frame: pd.DataFrame) -> list[str]:
    """The first column as text (filter options)."""
    return [str(value) for value in frame.iloc[:, 0].tolist()]


def dates(frame: pd.DataFrame) -> list[date]:
    """The first column (DATE values)."""
    return frame.iloc[:, 0].tolist()
