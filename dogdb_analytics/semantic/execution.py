"""Run metric queries on the published snapshot, read-only: readers never take the write lock.

A read-only DuckDB connection is opened once per publication (the file's inode: `dogdb publish`
replaces the snapshot with an atomic rename, so a new publication is a new inode) and every query
runs on its own cursor of it, reading the publication's `published_at` and the answer together:
an answer always comes from one whole publication, and the next query after a publish reads the
new one. A connection to a replaced file keeps reading that file's last publication until dropped.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

PUBLISHED_AT = "SELECT MAX(published_at AT TIME ZONE 'UTC') FROM main.publication"


class SnapshotMissingError(RuntimeError):
    """No published snapshot at the path given (prod was never built and published)."""


@dataclass(frozen=True)
class Answer:
    frame: pd.DataFrame
    published_at: datetime | None
    snapshot: Path


_lock = threading.Lock()
_open: dict[str, tuple[tuple[int, int], duckdb.DuckDBPyConnection]] = {}


def _publication(snapshot: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the publication now at `snapshot` (opened once per publication)."""
    path = str(Path(snapshot).resolve())
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        raise SnapshotMissingError(
            f"No published snapshot at {snapshot}: build and publish prod first "
            "(`make demo`, or `make run` after a build)."
        ) from None
    identity = (stat.st_ino, stat.st_mtime_ns)
    with _lock:
        known = _open.get(path)
        if known is None or known[0] != identity:
            _open[path] = (identity, duckdb.connect(path, read_only=True))
        return _open[path][1]


def run_on_snapshot(snapshot: Path, sql: str) -> Answer:
    """The rows of `sql` (DuckDB SQL) on `snapshot`, with the publication they come from."""
    with _publication(snapshot).cursor() as cursor:
        published_at = cursor.execute(PUBLISHED_AT).fetchone()[0]
        frame = cursor.execute(sql).df(date_as_object=True)
    return Answer(frame=frame, published_at=published_at, snapshot=Path(snapshot))
