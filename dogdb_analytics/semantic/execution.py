"""Run metric queries on the published snapshot, read-only: readers never take the write lock.

Each call opens its own read-only DuckDB connection to the snapshot, reads the publication's
`published_at` and the answer on that one connection, and closes it: `dogdb publish` replaces the
file with an atomic rename, so an answer always comes from one whole publication.
"""

from __future__ import annotations

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


def run_on_snapshot(snapshot: Path, sql: str) -> Answer:
    """The rows of `sql` (DuckDB SQL) on `snapshot`, with the publication they come from."""
    if not Path(snapshot).is_file():
        raise SnapshotMissingError(
            f"No published snapshot at {snapshot}: build and publish prod first "
            "(`make demo`, or `make run` after a build)."
        )
    with duckdb.connect(str(snapshot), read_only=True) as connection:
        published_at = connection.execute(PUBLISHED_AT).fetchone()[0]
        frame = connection.execute(sql).df(date_as_object=True)
    return Answer(frame=frame, published_at=published_at, snapshot=Path(snapshot))
