"""Run metric queries on the published snapshot, read-only: readers never take the write lock.

A read-only DuckDB connection is opened once per publication (the file's inode: `dogdb publish`
replaces the snapshot with an atomic rename, so a new publication is a new inode) and every query
runs on its own cursor of it, reading the publication's `published_at` and the answer together:
an answer always comes from one whole publication, and the next query after a publish reads the
new one. A connection to a replaced file keeps reading that file's last publication until dropped.
A publication never changes, so answers are kept per (publication, SQL): a repeated query is
answered from memory until the next publish.
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
_answers: dict[tuple[str, tuple[int, int], str], Answer] = {}
ANSWERS_KEPT = 256


def _publication(snapshot: Path) -> tuple[tuple[int, int], duckdb.DuckDBPyConnection]:
    """The publication now at `snapshot` (its file identity) and a read-only connection to it,
    opened once per publication."""
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
            _answers.clear()
        return _open[path]


def _copy(answer: Answer) -> Answer:
    return Answer(answer.frame.copy(), answer.published_at, answer.snapshot)


def run_on_snapshot(snapshot: Path, sql: str) -> Answer:
    """The rows of `sql` (DuckDB SQL) on `snapshot`, with the publication they come from."""
    identity, connection = _publication(snapshot)
    key = (str(Path(snapshot).resolve()), identity, sql)
    with _lock:
        known = _answers.get(key)
    if known is not None:
        return _copy(known)
    with connection.cursor() as cursor:
        published_at = cursor.execute(PUBLISHED_AT).fetchone()[0]
        frame = cursor.execute(sql).df(date_as_object=True)
    answer = Answer(frame=frame, published_at=published_at, snapshot=Path(snapshot))
    with _lock:
        if len(_answers) >= ANSWERS_KEPT:
            _answers.clear()
        _answers[key] = answer
    return _copy(answer)
