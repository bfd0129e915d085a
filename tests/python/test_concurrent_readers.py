"""Concurrent readers: the published snapshot keeps answering while the pipeline writes, and every
read sees one whole publication (old or new), never a half-written one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import duckdb

from dogdb_analytics.generate import append_day
from dogdb_analytics.publishing.snapshot import publish
from dogdb_analytics.warehouse import PROJECT_ROOT, execution_time_after

TOTALS = (
    "SELECT (SELECT COUNT(*) FROM core.fct_interactions), "
    "(SELECT SUM(interactions) FROM marts.mart_support_interactions_monthly), "
    "(SELECT SUM(interactions) FROM reporting.account_activity_monthly)"
)


def _read_forever(snapshot: Path, stop: threading.Event, seen: list, errors: list) -> None:
    while not stop.is_set():
        try:
            with duckdb.connect(str(snapshot), read_only=True) as connection:
                seen.append(connection.execute(TOTALS).fetchone())
        except Exception as error:  # noqa: BLE001 - every failure is a test failure
            errors.append(repr(error))
        time.sleep(0.01)


def test_readers_see_old_or_new_publication_while_a_run_writes(
    built_small_warehouse: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "dogdb.duckdb"
    shutil.copy(built_small_warehouse, warehouse)
    snapshot = tmp_path / "published.duckdb"
    publish(warehouse, snapshot)
    with duckdb.connect(str(snapshot), read_only=True) as connection:
        old = connection.execute(TOTALS).fetchone()

    append_day(warehouse)  # new raw data: 2026-11-01
    stop, seen, errors = threading.Event(), [], []
    readers = [
        threading.Thread(target=_read_forever, args=(snapshot, stop, seen, errors))
        for _ in range(3)
    ]
    for reader in readers:
        reader.start()
    # The pipeline writes prod (holding DuckDB's write lock) while the readers keep reading.
    subprocess.run(
        [
            str(Path(sys.executable).with_name("sqlmesh")),
            "plan",
            "prod",
            "--restate-model",
            "core.fct_interactions",
            "--start",
            "2026-10-01",
            "--end",
            "2026-11-01",
            "--execution-time",
            execution_time_after(date(2026, 11, 1)),
            "--auto-apply",
            "--no-prompts",
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DOGDB_WAREHOUSE": str(warehouse)},
        check=True,
        capture_output=True,
    )
    reads_during_run = len(seen)
    publish(warehouse, snapshot)  # atomic swap while the readers are reading
    time.sleep(0.5)
    stop.set()
    for reader in readers:
        reader.join()

    with duckdb.connect(str(snapshot), read_only=True) as connection:
        new = connection.execute(TOTALS).fetchone()
    assert errors == []
    assert reads_during_run > 0
    assert new != old and new[0] > old[0]
    assert set(seen) <= {old, new}
    assert seen[-1] == new
