"""The baseline: the same transformations as one plain DuckDB SQL script, without SQLMesh.

`render_baseline_script` writes every model's query, fully rendered for the whole history (the
range SQLMesh would build at the given execution time, each model's cron included), as
`CREATE TABLE ... AS` / `CREATE VIEW ... AS` statements in dependency order, seeds read with
`read_csv`. Running it is one DuckDB connection executing the statements one after another: no
state, no intervals or batches, no audits, no virtual layer. The ratio of a SQLMesh build to this
script's run is the cost of the framework. Python models have no SQL and are left out, and so are
the models that read them (the forecast's accuracy reads the forecast's backtest).

`python -m dogdb_analytics.bench.baseline SCRIPT WAREHOUSE` runs a script and prints a JSON report.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
from sqlmesh import Context

from dogdb_analytics.bench.processes import peak_rss_mb

STATEMENT_SEPARATOR = ";\n\n"
AUDIT_MARKER = "failing_rows"


def _seed_statement(model: object, name: str, project_root: Path) -> str:
    columns = ", ".join(
        f"'{column}': '{data_type.sql(dialect='duckdb')}'"
        for column, data_type in model.columns_to_types.items()  # type: ignore[attr-defined]
    )
    path = Path(model.seed_path).resolve().relative_to(project_root)  # type: ignore[attr-defined]
    return (
        f"CREATE TABLE {name} AS SELECT * FROM read_csv('{path.as_posix()}', header = TRUE, "
        f"columns = {{{columns}}})"
    )


def _audit_statements(model: Any, start: Any, end: datetime, execution_time: datetime) -> list[str]:
    """Each of the model's audits as `SELECT COUNT(*)` of its failing rows."""
    statements = []
    for audit, arguments in model.audits_with_args:
        query = model.render_audit_query(
            audit, start=start, end=end, execution_time=execution_time, **arguments
        )
        sql = query.sql(dialect="duckdb", comments=False)
        statements.append(f"SELECT COUNT(*) AS {AUDIT_MARKER} FROM ({sql}) AS audit")
    return statements


def baseline_settings(context: Context) -> dict[str, str]:
    """The DuckDB settings of the project's default gateway (config.yaml `connector_config`:
    memory limit, spilling, threads), so that the script runs under the same limits as SQLMesh.
    The temporary directory is left to DuckDB (beside the script's own warehouse file) unless
    DOGDB_DUCKDB_TEMP_DIRECTORY moves it."""
    connection = context.config.get_connection(context.selected_gateway)
    settings = {str(k): str(v) for k, v in getattr(connection, "connector_config", {}).items()}
    if not os.environ.get("DOGDB_DUCKDB_TEMP_DIRECTORY"):
        settings.pop("temp_directory", None)
    return settings


def render_baseline_script(
    context: Context,
    execution_time: datetime,
    project_root: Path,
    with_audits: bool = False,
    settings: dict[str, str] | None = None,
) -> tuple[str, list[str]]:
    """The script, and the names of the models it leaves out (Python models and the models
    downstream of them). `with_audits`
    adds each model's audit queries after it, as a hand-written pipeline with the same data
    checks would run them. `settings` are DuckDB settings the script SETs first."""
    statements: list[str] = [f"SET {name} = '{value}'" for name, value in (settings or {}).items()]
    skipped: list[str] = []
    skipped_fqns: set[str] = set()
    schemas: set[str] = set()
    for fqn in context.dag.sorted:
        model = context.get_model(fqn)
        if model is None or model.kind.is_external:
            continue
        name = model.name
        schema = name.split(".")[0]
        if schema not in schemas:
            statements.append(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            schemas.add(schema)
        if model.kind.is_seed:
            statements.append(_seed_statement(model, name, project_root))
            continue
        if model.is_python or skipped_fqns & set(model.depends_on):
            skipped.append(name)
            skipped_fqns.add(fqn)
            continue
        start = model.start or context.config.model_defaults.start
        end = model.cron_floor(execution_time)
        query = model.render_query(start=start, end=end, execution_time=execution_time)
        sql = query.sql(dialect="duckdb", pretty=True, comments=False)
        if model.kind.is_scd_type_2:
            # what SQLMesh's first build of an SCD type 2 holds: every row, one open version
            sql = (
                "SELECT *, CAST('1970-01-01 00:00:00' AS TIMESTAMP) AS valid_from, "
                f"CAST(NULL AS TIMESTAMP) AS valid_to FROM (\n{sql}\n) AS first_snapshot"
            )
        verb = "VIEW" if model.kind.is_view else "TABLE"
        statements.append(f"CREATE {verb} {name} AS\n{sql}")
        if with_audits:
            statements.extend(_audit_statements(model, start, end, execution_time))
    header = (
        "-- Baseline for `dogdb bench`: every model of the project as one plain DuckDB script,\n"
        f"-- rendered for the history up to {execution_time:%Y-%m-%d %H:%M}. Run it from the\n"
        "-- repository root on a copy of the raw extract (catalog `dogdb`).\n"
    )
    return header + STATEMENT_SEPARATOR.join(statements) + ";\n", skipped


def split_statements(script: str) -> list[str]:
    body = "\n".join(line for line in script.splitlines() if not line.startswith("-- "))
    return [s.strip().rstrip(";") for s in body.split(STATEMENT_SEPARATOR) if s.strip()]


def run_baseline_script(script: str, warehouse: Path) -> dict[str, float]:
    """Execute the script's statements in one connection; seconds per created object (its
    audits included). Raises when an audit finds failing rows."""
    timings: dict[str, float] = {}
    current = ""
    with duckdb.connect(str(warehouse)) as connection:
        for statement in split_statements(script):
            started = time.perf_counter()
            rows = connection.execute(statement).fetchall()
            words = statement.split()
            if words[1] in ("TABLE", "VIEW"):
                current = words[2]
            elif AUDIT_MARKER in statement and rows[0][0]:
                raise RuntimeError(f"baseline audit failed on {current}: {statement[:300]}")
            if current:
                timings[current] = timings.get(current, 0.0) + time.perf_counter() - started
    return timings


def main(argv: list[str] | None = None) -> int:
    script_path, warehouse = (Path(a) for a in (argv or sys.argv[1:]))
    started = time.perf_counter()
    timings = run_baseline_script(script_path.read_text(), warehouse)
    report = {
        "step": "baseline",
        "step_s": round(time.perf_counter() - started, 3),
        "objects": len(timings),
        "slowest": sorted(timings.items(), key=lambda item: -item[1])[:5],
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def differing_tables(baseline_warehouse: Path, built_warehouse: Path) -> dict[str, int]:
    """Tables of the baseline whose rows differ from prod's model of the same name in a SQLMesh
    build (rows missing on either side; doubles compared to 6 decimals). Empty when equal."""
    differences: dict[str, int] = {}
    with duckdb.connect(str(built_warehouse), read_only=True) as connection:
        connection.execute(f"ATTACH '{baseline_warehouse.as_posix()}' AS baseline (READ_ONLY)")
        tables = connection.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_catalog = 'baseline' AND table_type = 'BASE TABLE' ORDER BY 1, 2"
        ).fetchall()
        for schema, table in tables:
            columns = connection.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_catalog = 'baseline' AND table_schema = ? AND table_name = ? "
                "ORDER BY ordinal_position",
                [schema, table],
            ).fetchall()
            projection = ", ".join(
                f'ROUND("{name}", 6)' if data_type in ("DOUBLE", "FLOAT") else f'"{name}"'
                for name, data_type in columns
            )
            ours = f'SELECT {projection} FROM baseline."{schema}"."{table}"'
            theirs = f'SELECT {projection} FROM "{schema}"."{table}"'
            count = connection.execute(
                f"SELECT (SELECT COUNT(*) FROM ({ours} EXCEPT ALL {theirs}) AS a) "
                f"+ (SELECT COUNT(*) FROM ({theirs} EXCEPT ALL {ours}) AS b)"
            ).fetchone()[0]
            if count:
                differences[f"{schema}.{table}"] = count
    return differences
