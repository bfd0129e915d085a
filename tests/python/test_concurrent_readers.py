"""Concurrent readers while the daily job writes: `sqlmesh run` processes an appended day and
`dogdb publish` swaps the snapshot, while direct readers and 20 metrics-API clients keep asking.
No reader fails, and every answer is one whole publication's (old or new), never a mixture; the
API's answers name their publication and equal its answers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import duckdb

from dogdb_analytics.bench.api_latency import MIXED_QUERIES, Sample, fetch, run_clients, serving
from dogdb_analytics.bench.api_latency import summary as latency_summary
from dogdb_analytics.generate import append_day
from dogdb_analytics.publishing.snapshot import publish
from dogdb_analytics.warehouse import PROJECT_ROOT, execution_time_after

TOTALS = (
    "SELECT (SELECT COUNT(*) FROM core.fct_interactions), "
    "(SELECT SUM(interactions) FROM marts.mart_support_interactions_monthly), "
    "(SELECT SUM(interactions) FROM reporting.account_activity_monthly)"
)
NEW_DAY = date(2026, 11, 1)  # the small extract ends on 2026-10-31
API_CLIENTS = 20


def _read_forever(snapshot: Path, stop: threading.Event, seen: list, errors: list) -> None:
    while not stop.is_set():
        try:
            with duckdb.connect(str(snapshot), read_only=True) as connection:
                seen.append(connection.execute(TOTALS).fetchone())
        except Exception as error:  # noqa: BLE001 - every failure is a test failure
            errors.append(repr(error))
        time.sleep(0.01)


def _api_until(base: str, stop: threading.Event, samples: list[Sample]) -> None:
    """20 clients in rounds of two seconds until `stop` is set."""
    while not stop.is_set():
        samples.extend(run_clients(base, API_CLIENTS, 2.0))


def _answer(sample: Sample) -> object:
    """What a response says, without its publication stamp (CSV bodies carry none)."""
    if sample.path.endswith("format=csv"):
        return sample.body
    return json.loads(sample.body)["rows"]


def _answers(base: str) -> tuple[str, dict[str, object]]:
    samples = [fetch(base, path) for path in MIXED_QUERIES]
    assert all(s.status == 200 for s in samples)
    (published_at,) = {s.published_at for s in samples}
    return str(published_at), {s.path: _answer(s) for s in samples}


def test_readers_and_api_see_one_whole_publication_while_the_daily_job_writes(
    built_small_warehouse: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "dogdb.duckdb"
    shutil.copy(built_small_warehouse, warehouse)
    snapshot = tmp_path / "published.duckdb"
    publish(warehouse, snapshot)
    with duckdb.connect(str(snapshot), read_only=True) as connection:
        old = connection.execute(TOTALS).fetchone()

    append_day(warehouse, day=NEW_DAY)
    stop, seen, errors, samples = threading.Event(), [], [], []
    with serving(snapshot) as base:
        old_published_at, old_answers = _answers(base)
        readers = [
            threading.Thread(target=_read_forever, args=(snapshot, stop, seen, errors))
            for _ in range(3)
        ]
        readers.append(threading.Thread(target=_api_until, args=(base, stop, samples)))
        for reader in readers:
            reader.start()
        try:
            # The daily job's `sqlmesh run` (SQLMesh's Context.run, as of the day after the new
            # one, which the CLI cannot pin) writes prod, holding DuckDB's write lock.
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "dogdb_analytics.bench.worker",
                    "run",
                    "--warehouse",
                    str(warehouse),
                    "--execution-time",
                    execution_time_after(NEW_DAY),
                ],
                cwd=PROJECT_ROOT,
                check=True,
                capture_output=True,
            )
            reads_during_run, requests_during_run = len(seen), len(samples)
            publish(warehouse, snapshot)  # atomic swap while the readers are reading
            time.sleep(2.5)  # at least one more round of API clients on the new publication
        finally:
            stop.set()
            for reader in readers:
                reader.join()
        new_published_at, new_answers = _answers(base)

    with duckdb.connect(str(snapshot), read_only=True) as connection:
        new = connection.execute(TOTALS).fetchone()
    assert errors == []
    assert reads_during_run > 0 and requests_during_run > API_CLIENTS
    assert new != old and new[0] > old[0]  # the run added the day's interactions
    assert set(seen) <= {old, new}
    assert seen[-1] == new

    load = latency_summary(samples)
    print(f"metrics API during sqlmesh run and dogdb publish at small: {load}")
    assert load["errors"] == 0
    by_publication = {old_published_at: old_answers, new_published_at: new_answers}
    assert {s.published_at for s in samples} == set(by_publication)  # both were served
    # The metrics' facts are monthly: a day of November changes none of these answers (the
    # direct readers' totals above do change), so each answer must equal its publication's.
    for sample in samples:
        assert _answer(sample) == by_publication[str(sample.published_at)][sample.path]
