"""Build the project on DuckDB and on PostgreSQL or Spark from the same
generated data, compare every checked model row by row, and report the build times.

PostgreSQL runs on a throwaway server (postgres_server.py); Spark in local mode unless
DOGDB_SPARK_MASTER names a cluster. Exits non-zero when any model differs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import patch

from dogdb_analytics.engines.cross_engine_check import (
    CheckedModel,
    ModelComparison,
    assert_engines_agree,
    checked_models,
    compare_engines,
    report,
)
from dogdb_analytics.engines.gateway_build import CROSS_CHECK_SALT, GatewayBuild, build_prod
from dogdb_analytics.engines.load_raw import load_raw_into_postgres
from dogdb_analytics.engines.postgres_server import postgres_environment, running_postgres
from dogdb_analytics.engines.readers import duckdb_fetch, postgres_fetch
from dogdb_analytics.generate import generate_sources
from dogdb_analytics.warehouse import PROJECT_ROOT, opened_context

ENGINES = ("postgres", "spark")


@dataclass(frozen=True)
class CrossEngineResult:
    engine: str
    scale: str
    duckdb_build: GatewayBuild
    engine_build: GatewayBuild
    comparisons: list[ModelComparison]

    def summary(self) -> str:
        d, e = self.duckdb_build, self.engine_build
        return (
            f"scale {self.scale}: duckdb plan {d.plan_seconds:.1f} s (audit {d.audit_seconds:.1f} s), "
            f"{self.engine} plan {e.plan_seconds:.1f} s (audit {e.audit_seconds:.1f} s); "
            f"{len(self.comparisons)} models compared, "
            f"{sum(not c.equal for c in self.comparisons)} different"
        )


def prepare_duckdb(
    scale: str, work_dir: Path, project_root: Path = PROJECT_ROOT, run_audits: bool = True
) -> tuple[Path, GatewayBuild]:
    """Generate `scale` into a fresh warehouse and build prod on DuckDB with the check's salt."""
    warehouse = work_dir / "dogdb.duckdb"
    generate_sources(warehouse, scale=scale)
    with patch.dict(
        os.environ, {"DOGDB_WAREHOUSE": str(warehouse), "DOGDB_PII_SALT": CROSS_CHECK_SALT}
    ):
        build = build_prod("duckdb", project_root, run_audits)
    return warehouse, build


def project_models(project_root: Path) -> list[CheckedModel]:
    with opened_context(project_root=project_root) as context:
        return checked_models(context)


def check_postgres(
    scale: str,
    work_dir: Path,
    models: list[CheckedModel],
    project_root: Path = PROJECT_ROOT,
    run_audits: bool = True,
) -> CrossEngineResult:
    """DuckDB and a throwaway PostgreSQL server, both built from one generated `scale`."""
    warehouse, duckdb_build = prepare_duckdb(scale, work_dir, project_root, run_audits)
    with running_postgres() as server:
        connection = server.connect()
        try:
            load_raw_into_postgres(warehouse, connection, work_dir / "raw_csv")
            with postgres_environment(server, CROSS_CHECK_SALT):
                engine_build = build_prod("postgres", project_root, run_audits)
            with duckdb_fetch(warehouse) as left, postgres_fetch(connection) as right:
                comparisons = compare_engines(models, ("duckdb", left), ("postgres", right))
        finally:
            connection.close()
    return CrossEngineResult("postgres", scale, duckdb_build, engine_build, comparisons)


def check_spark(
    scale: str, work_dir: Path, models: list[CheckedModel], project_root: Path = PROJECT_ROOT
) -> CrossEngineResult:
    """DuckDB and Spark (DOGDB_SPARK_MASTER, local[2] by default), from one generated `scale`."""
    from dogdb_analytics.engines.spark_session import (
        gateway_spark_session,
        load_raw_in_own_process,
        spark_environment,
        spark_fetch,
    )

    warehouse, duckdb_build = prepare_duckdb(scale, work_dir, project_root)
    with spark_environment(work_dir / "spark", CROSS_CHECK_SALT):
        load_raw_in_own_process(warehouse, work_dir / "raw_parquet")
        engine_build = build_prod("spark", project_root)
        with (
            gateway_spark_session(project_root) as session,
            duckdb_fetch(warehouse) as left,
            spark_fetch(session) as right,
        ):
            comparisons = compare_engines(models, ("duckdb", left), ("spark", right))
    return CrossEngineResult("spark", scale, duckdb_build, engine_build, comparisons)


def run_cross_engine(
    engine: str, scales: list[str], work_dir: Path, project_root: Path = PROJECT_ROOT
) -> list[CrossEngineResult]:
    """Build and compare at each scale; raises EnginesDisagree at the first scale that differs."""
    check = check_postgres if engine == "postgres" else check_spark
    models = project_models(project_root)
    results = []
    for scale in scales:
        result = check(scale, work_dir / scale, models, project_root)
        print(f"{engine} vs duckdb at {scale}:")
        print(report(result.comparisons, "duckdb", engine))
        print(result.summary(), flush=True)
        assert_engines_agree(result.comparisons, "duckdb", engine)
        results.append(result)
    return results
