"""Crash mid-build: SIGKILL `sqlmesh plan` during the backfill, run it again, get the same warehouse."""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb

from dogdb_analytics.generate import generate_sources
from dogdb_analytics.warehouse import EXTRACT_BUILT_AT, PROJECT_ROOT, opened_context

SQLMESH = str(Path(sys.executable).with_name("sqlmesh"))
# Columns whose value is the moment of the build, not data.
BUILD_TIME_COLUMNS = {"as_of"}


def _normalized(value: object) -> object:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    return value


def _model_rows(warehouse: Path, tables: list[str]) -> dict[str, list[tuple]]:
    rows: dict[str, list[tuple]] = {}
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for table in tables:
            columns = [
                c[0]
                for c in connection.execute(f"DESCRIBE {table}").fetchall()
                if c[0] not in BUILD_TIME_COLUMNS
            ]
            selected = ", ".join(f'"{c}"' for c in columns)
            data = connection.execute(f"SELECT {selected} FROM {table}").fetchall()
            rows[table] = sorted((tuple(_normalized(v) for v in row) for row in data), key=repr)
    return rows


def test_killed_build_resumes_to_the_same_result(
    built_small_warehouse: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "dogdb.duckdb"
    generate_sources(warehouse, "small")
    process = subprocess.Popen(
        [
            SQLMESH,
            "plan",
            "prod",
            "--auto-apply",
            "--no-prompts",
            "--execution-time",
            EXTRACT_BUILT_AT,
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DOGDB_WAREHOUSE": str(warehouse), "COLUMNS": "200"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        seen.append(line)
        # Kill in the middle of the backfill: a few model batches done, most still to run.
        if sum("audits passed" in s for s in seen) >= 5:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the build finished before it could be killed"

    with opened_context(warehouse) as context:
        models = sorted(m.name for m in context.models.values() if not m.kind.is_external)
        context.plan("prod", execution_time=EXTRACT_BUILT_AT, no_prompts=True, auto_apply=True)
        after = context.plan(
            "prod", execution_time=EXTRACT_BUILT_AT, no_prompts=True, auto_apply=False
        )
        assert after.missing_intervals == [], "intervals are still missing after the rerun"

    resumed = _model_rows(warehouse, models)
    reference = _model_rows(built_small_warehouse, models)
    for model in models:
        assert len(resumed[model]) == len(reference[model]), model
        assert resumed[model] == reference[model], model
