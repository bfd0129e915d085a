"""`load_app`: extract the app's new and changed rows and load them into the warehouse's `raw`
schema with dlt's sql_database source (incremental cursors, merge dispositions, load ids).

One dlt pipeline per warehouse; its working directory (`<warehouse dir>/.dlt/<warehouse name>`)
keeps the extracted files until they are loaded, and the cursors live in the warehouse too
(raw._dlt_pipeline_state), so a load killed at any point is finished, or redone from the last
committed cursors, by the next one. Every table of a load is one load package: raw._dlt_loads
gets its row, and raw.app_loads' row counts as complete, only once every table is in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import dlt
import duckdb
import pyarrow as pa
from dlt.sources.sql_database import sql_table

from dogdb_analytics.generate.ddl import create_table_sql, raw_tables
from dogdb_analytics.ingestion.app_database import AppDatabase
from dogdb_analytics.ingestion.load_tables import LOAD_SPECS, LoadSpec
from dogdb_analytics.ingestion.schema_check import SchemaReport, check_app_schema

PIPELINE_NAME = "dogdb_app"
DATASET = "raw"
LEDGER_TABLE = "app_loads"
DELETED_COLUMN = "_dlt_deleted"
DELETED_HINT = {"data_type": "bool", "nullable": True, "hard_delete": True}
DLT_TYPES = {"INT": ("bigint", 32), "BIGINT": ("bigint", 64), "TEXT": ("text", None)}


@dataclass
class LoadResult:
    load_id: str
    loaded_through: datetime
    rows: dict[str, int]  # table -> rows moved by this load (tombstones included)
    deleted_accounts: int
    seconds: float
    schema: SchemaReport = field(default_factory=SchemaReport)

    def lines(self) -> list[str]:
        lines = [f"load {self.load_id}: complete through {self.loaded_through:%Y-%m-%d %H:%M:%S}"]
        lines += [f"  raw.{table:<24} {rows:>12,} rows" for table, rows in self.rows.items()]
        lines.append(f"  deleted accounts            {self.deleted_accounts:>12,}")
        lines += [f"  note: {message}" for message in self.schema.messages()]
        lines.append(f"  in {self.seconds:.1f} s")
        return lines


def pipelines_dir(warehouse: Path) -> Path:
    warehouse = Path(warehouse).resolve()
    return warehouse.parent / ".dlt" / warehouse.stem


def _column_hints(table: str, widened: dict[str, str]) -> dict[str, dict[str, object]]:
    """dlt column hints from external_models.yaml, so raw keeps the declared types."""
    hints: dict[str, dict[str, object]] = {}
    for name, kind in raw_tables()[f"raw.{table}"].items():
        if name.startswith("_dlt_"):
            continue
        kind = widened.get(name, kind)
        if kind == "TIMESTAMP":
            hints[name] = {"data_type": "timestamp", "timezone": False, "precision": 6}
        else:
            data_type, precision = DLT_TYPES[kind]
            hints[name] = {"data_type": data_type, "precision": precision}
    return hints


def _table_resource(app: AppDatabase, engine, table: str, spec: LoadSpec, widened: dict):
    incremental = dlt.sources.incremental(
        spec.cursor,
        # no de-duplication at the cursor's boundary: a re-extracted row replaces itself (merge)
        primary_key=(),
        lag=spec.lag_days * 86400 if spec.lag_days else None,
    )
    resource = sql_table(
        credentials=engine,
        table=table,
        schema=app.schema,
        incremental=incremental,
        backend="pyarrow",
        reflection_level="full",
        chunk_size=100_000,
        write_disposition={"disposition": "merge", "strategy": "delete-insert"},
        primary_key=spec.primary_key,
        merge_key=spec.merge_key,
    )
    resource.apply_hints(columns=_column_hints(table, widened))
    return resource


def _warehouse_account_ids(warehouse: Path) -> set[int]:
    """Account ids raw.customer_accounts holds now (empty before the first load)."""
    if not Path(warehouse).exists():
        return set()
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        exists = connection.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = 'raw' AND table_name = 'customer_accounts'"
        ).fetchone()[0]
        if not exists:
            return set()
        rows = connection.execute(
            "SELECT DISTINCT account_id FROM raw.customer_accounts WHERE account_id IS NOT NULL"
        ).fetchall()
    return {row[0] for row in rows}


def _app_account_ids(engine, app: AppDatabase) -> set[int]:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            f"SELECT DISTINCT account_id FROM {app.table('customer_accounts')}"
        ).fetchall()
    return {row[0] for row in rows if row[0] is not None}


def load_app(
    warehouse: Path,
    app: AppDatabase,
    as_of: datetime | None = None,
    full_refresh: bool = False,
) -> LoadResult:
    """Load the app's new and changed rows into `warehouse`'s raw schema.

    `as_of`: the moment the extraction sees the app at (default now, UTC); every row the app
    committed before it is in the load. A generated extract passes the midnight after its last
    day, as builds do (warehouse.execution_time_after). The models' signal waits for a complete
    load through the end of the interval they build (signals/__init__.py).
    """
    started = time.perf_counter()
    app.check_reachable()
    schema_report = check_app_schema(app)
    loaded_through = (as_of or datetime.now(UTC)).replace(tzinfo=None)
    Path(warehouse).parent.mkdir(parents=True, exist_ok=True)
    engine = app.engine()
    try:
        loaded_ids = set() if full_refresh else _warehouse_account_ids(warehouse)
        deleted = sorted(loaded_ids - _app_account_ids(engine, app))
        resources = [
            _table_resource(app, engine, table, spec, schema_report.widened.get(table, {}))
            for table, spec in LOAD_SPECS.items()
        ]

        @dlt.resource(
            name="customer_accounts_deleted",
            table_name="customer_accounts",
            write_disposition={"disposition": "merge", "strategy": "delete-insert"},
            primary_key="account_id",
            columns={
                "account_id": {"data_type": "bigint", "precision": 32},
                DELETED_COLUMN: DELETED_HINT,
            },
        )
        def account_tombstones():
            # an Arrow table, as the sql_table rows are: dlt adds no _dlt_id column to it
            yield pa.Table.from_arrays(
                [pa.array(deleted, pa.int32()), pa.array([True] * len(deleted), pa.bool_())],
                names=["account_id", DELETED_COLUMN],
            )

        @dlt.resource(
            name=LEDGER_TABLE,
            write_disposition="append",
            columns={
                "loaded_through": {"data_type": "timestamp", "timezone": False},
                "extracted_at": {"data_type": "timestamp", "timezone": False},
            },
        )
        def ledger():
            yield {
                "loaded_through": loaded_through,
                "extracted_at": datetime.now(UTC).replace(tzinfo=None),
                "app_database": app.describe(),
            }

        resources += [account_tombstones, ledger]

        # record the load id on every row (dlt leaves it out of Arrow tables unless asked)
        dlt.config["normalize.parquet_normalizer.add_dlt_load_id"] = True
        # tombstones and app rows of one table differ in nullability only: merge them, losslessly
        dlt.config["data_writer.arrow_concat_promote_options"] = "default"
        pipeline = dlt.pipeline(
            pipeline_name=PIPELINE_NAME,
            destination=dlt.destinations.duckdb(str(Path(warehouse).resolve())),
            dataset_name=DATASET,
            pipelines_dir=str(pipelines_dir(warehouse)),
        )
        if pipeline.has_pending_data:
            # a load killed after its extraction: finish it first (dlt then takes new data)
            pipeline.run()
        info = pipeline.run(resources, refresh="drop_resources" if full_refresh else None)
        info.raise_on_failed_jobs()
        counts = pipeline.last_trace.last_normalize_info.row_counts
    finally:
        engine.dispose()
    create_declared_tables(warehouse)
    rows = {table: int(counts.get(table, 0)) for table in LOAD_SPECS}
    return LoadResult(
        load_id=info.loads_ids[-1] if info.loads_ids else "",
        loaded_through=loaded_through,
        rows=rows,
        deleted_accounts=len(deleted),
        seconds=time.perf_counter() - started,
        schema=schema_report,
    )


def create_declared_tables(warehouse: Path) -> None:
    """Create, empty, every declared raw table that no load has created yet: dlt creates a table
    with its first row, and staging reads every declared table (at `sample`, the app has no
    tier changes, trials or usage events)."""
    with duckdb.connect(str(warehouse)) as connection:
        for name, columns in raw_tables().items():
            connection.execute(
                create_table_sql(name, columns, "duckdb").replace(
                    "CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1
                )
            )


def last_complete_load(warehouse: Path) -> datetime | None:
    """The `loaded_through` of the newest complete load of `warehouse` (None: never loaded)."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return complete_load_through(connection.execute)


def complete_load_through(execute) -> datetime | None:
    """The same through any `execute(sql)` returning a cursor with fetchone (DuckDB or SQLMesh)."""
    row = execute(COMPLETE_LOAD_SQL).fetchone()
    return row[0] if row else None


COMPLETE_LOAD_SQL = f"""
SELECT max(l.loaded_through)
FROM {DATASET}.{LEDGER_TABLE} AS l
INNER JOIN {DATASET}._dlt_loads AS d ON d.load_id = l._dlt_load_id AND d.status = 0
"""
