"""The Spark side: a session configured exactly like config.yaml's `spark` gateway, the raw
extract loaded into it as tables, and a fetch function for the cross-engine check.

Every Spark setting (master, warehouse and metastore directories, time zone) comes from the
gateway's connection in config.yaml, so the loader, SQLMesh and the check see the same catalog.
The embedded Derby metastore admits one JVM at a time: stop this session before `sqlmesh` runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from sqlmesh.core.config import Config
from sqlmesh.core.config.loader import load_config_from_paths

from dogdb_analytics.engines.cross_engine_check import Fetch
from dogdb_analytics.engines.load_raw import export_raw_files, raw_tables_of_app, spark_raw_select
from dogdb_analytics.warehouse import PROJECT_ROOT

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

GATEWAY = "spark"


@contextmanager
def spark_environment(spark_dir: Path, salt: str) -> Iterator[None]:
    """Point the spark gateway at `spark_dir` (tables, metastore, state) and set the PII salt."""
    values = {"DOGDB_SPARK_DIR": str(spark_dir.resolve()), "DOGDB_PII_SALT": salt}
    spark_dir.mkdir(parents=True, exist_ok=True)
    with patch.dict(os.environ, values):
        yield


@contextmanager
def gateway_spark_session(project_root: Path = PROJECT_ROOT) -> Iterator[SparkSession]:
    """A SparkSession built from the spark gateway's connection settings; stopped on exit."""
    config = load_config_from_paths(Config, project_paths=[project_root / "config.yaml"])
    connection = config.get_gateway(GATEWAY).connection
    session: SparkSession = connection._static_connection_kwargs["spark"]
    try:
        yield session
    finally:
        session.stop()


def load_raw_into_spark(warehouse: Path, session: SparkSession, work_dir: Path) -> dict[str, int]:
    """(Re)create database raw in Spark's catalog from the extract; returns rows per table."""
    files = export_raw_files(warehouse, work_dir, "parquet")
    session.sql("CREATE DATABASE IF NOT EXISTS raw")
    counts: dict[str, int] = {}
    for table, columns in raw_tables_of_app().items():
        session.sql(f"DROP TABLE IF EXISTS {table}")
        frame = session.sql(spark_raw_select(table, files[table].resolve(), columns))
        frame.write.format("parquet").saveAsTable(table)
        counts[table] = session.table(table).count()
    return counts


@contextmanager
def spark_fetch(session: SparkSession) -> Iterator[Fetch]:
    """Rows of prod's views in Spark's catalog, as tuples."""

    def fetch(sql: str) -> Sequence[Sequence[Any]]:
        return [tuple(row) for row in session.sql(sql).collect()]

    yield fetch


def load_raw_in_own_process(warehouse: Path, work_dir: Path) -> None:
    """Load the extract from a separate Python process: a stopped SparkSession leaves its JVM,
    and the JVM keeps the embedded metastore locked, until the Python process that started it
    exits; `sqlmesh` needs the metastore next."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "dogdb_analytics.engines.spark_session",
            str(warehouse),
            str(work_dir),
        ],
        check=True,
        env=os.environ.copy(),
    )


if __name__ == "__main__":
    with gateway_spark_session() as spark:
        loaded = load_raw_into_spark(Path(sys.argv[1]), spark, Path(sys.argv[2]))
    print(f"Loaded into Spark: {loaded}")
