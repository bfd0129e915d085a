"""The load's faults on the embedded app database (SQLite, `sample`): an unreachable app stops
the load with a clear error and leaves the warehouse untouched; a new column and a widened type
are loaded and reported; a type of another family is refused, and nothing is loaded."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from dogdb_analytics.ingestion.app_database import AppDatabaseUnreachable, app_database_from_env
from dogdb_analytics.ingestion.app_writer import generate_app_database
from dogdb_analytics.ingestion.load import LoadResult, load_app
from dogdb_analytics.ingestion.schema_check import SchemaChangeRefused

AS_OF = datetime(2026, 11, 1)


@pytest.fixture()
def loaded(tmp_path: Path) -> tuple[Path, Path]:
    """(warehouse, app.sqlite): the sample rows generated into the app and loaded once."""
    warehouse = tmp_path / "dogdb.duckdb"
    app = app_database_from_env(warehouse, {"DOGDB_APP_SQLITE": str(tmp_path / "app.sqlite")})
    generate_app_database(app, "sample")
    load_app(warehouse, app, as_of=AS_OF)
    return warehouse, tmp_path / "app.sqlite"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _change_app(app_file: Path, *statements: str) -> None:
    """Run `statements` on the embedded app database, in one transaction."""
    with sqlite3.connect(app_file) as app:
        for statement in statements:
            app.execute(statement)


def _load_again(warehouse: Path, app_file: Path) -> LoadResult:
    app = app_database_from_env(warehouse, {"DOGDB_APP_SQLITE": str(app_file)})
    return load_app(warehouse, app, as_of=AS_OF)


def test_an_unreachable_app_stops_the_load_and_leaves_the_warehouse_untouched(
    loaded: tuple[Path, Path], tmp_path: Path
) -> None:
    warehouse, _ = loaded
    before = _digest(warehouse)
    gone = app_database_from_env(warehouse, {"DOGDB_APP_SQLITE": str(tmp_path / "missing.sqlite")})
    with pytest.raises(AppDatabaseUnreachable, match="nothing was loaded"):
        load_app(warehouse, gone)
    unreachable = app_database_from_env(
        warehouse, {"DOGDB_APP_PG_HOST": "127.0.0.1", "DOGDB_APP_PG_PORT": "1"}
    )
    with pytest.raises(AppDatabaseUnreachable, match="is unreachable"):
        load_app(warehouse, unreachable)
    assert _digest(warehouse) == before


def test_a_new_column_and_a_widened_type_are_loaded_and_reported(
    loaded: tuple[Path, Path],
) -> None:
    warehouse, app_file = loaded
    _change_app(
        app_file,
        "ALTER TABLE customer_interactions ADD COLUMN priority TEXT",
        "INSERT INTO customer_interactions VALUES (1, 'chat', 'Billing', 'Andy', 'open', "
        "'2026-10-31 10:00:00.000000', NULL, 'high')",
        "ALTER TABLE customer_accounts RENAME TO old_accounts",
        "CREATE TABLE customer_accounts (account_id BIGINT PRIMARY KEY, email TEXT, "
        "current_tier TEXT, created_at TIMESTAMP, updated_at TIMESTAMP)",
        "INSERT INTO customer_accounts SELECT * FROM old_accounts",
        "DROP TABLE old_accounts",
    )
    result = _load_again(warehouse, app_file)
    notes = result.schema.messages()
    assert any("new column priority" in n and "customer_interactions" in n for n in notes)
    assert any("account_id widened to BIGINT" in n for n in notes)
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert connection.execute(
            "SELECT priority FROM raw.customer_interactions WHERE channel = 'chat'"
        ).fetchall() == [("high",)]
        assert connection.execute("SELECT count(*) FROM raw.customer_accounts").fetchone() == (3,)


def test_a_type_of_another_family_is_refused_and_nothing_is_loaded(
    loaded: tuple[Path, Path],
) -> None:
    warehouse, app_file = loaded
    _change_app(
        app_file,
        "DROP TABLE feature_trials",
        "CREATE TABLE feature_trials (account_id INTEGER, feature_key TEXT, "
        "starts_at TEXT, ends_at TIMESTAMP)",
        "INSERT INTO customer_accounts VALUES (4, 'new@x.com', 'Free', "
        "'2026-10-31 09:00:00.000000', '2026-10-31 09:00:00.000000')",
    )
    before = _digest(warehouse)
    with pytest.raises(
        SchemaChangeRefused, match="feature_trials: column starts_at is TEXT, declared TIMESTAMP"
    ):
        _load_again(warehouse, app_file)
    assert _digest(warehouse) == before


def _signal_ready(warehouse: Path, project_root: Path, batch: list) -> list | bool:
    """The project's app_load_complete signal, evaluated on `warehouse` as SQLMesh calls it."""
    import importlib.util
    from types import SimpleNamespace

    from sqlmesh.core.engine_adapter import DuckDBEngineAdapter

    spec = importlib.util.spec_from_file_location("signals", project_root / "signals/__init__.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    adapter = DuckDBEngineAdapter(lambda: duckdb.connect(str(warehouse), read_only=True))
    try:
        return module.app_load_complete(batch, context=SimpleNamespace(engine_adapter=adapter))
    finally:
        adapter.close()


def test_intervals_wait_for_a_complete_load_through_their_end(
    loaded: tuple[Path, Path], project_root: Path
) -> None:
    warehouse, app_file = loaded
    day = [(datetime(2026, 10, 31, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC))]
    next_day = [(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 2, tzinfo=UTC))]
    assert _signal_ready(warehouse, project_root, day + next_day) == day
    # half a load: its ledger row is in raw, but dlt never committed its package (_dlt_loads)
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "INSERT INTO raw.app_loads (loaded_through, extracted_at, app_database, _dlt_load_id, "
            "_dlt_id) VALUES ('2026-11-02', '2026-11-02', 'half', 'never-committed', 'x')"
        )
    assert _signal_ready(warehouse, project_root, next_day) == []
    app = app_database_from_env(warehouse, {"DOGDB_APP_SQLITE": str(app_file)})
    load_app(warehouse, app, as_of=datetime(2026, 11, 2))
    assert _signal_ready(warehouse, project_root, next_day) == next_day


def test_the_brief_s_sample_rows_arrive_in_raw_byte_for_byte(loaded: tuple[Path, Path]) -> None:
    """Through the app database and the load, the brief's rows are the CSVs' rows exactly."""
    import csv

    from dogdb_analytics.generate.ddl import app_tables
    from dogdb_analytics.generate.sample_rows import SAMPLE_DIR

    warehouse, _ = loaded
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for table in ("customer_accounts", "customer_interactions", "customer_licenses"):
            rendered = ", ".join(
                f"coalesce(strftime({name}, '%Y-%m-%d %H:%M:%S.%f'), '')"
                if kind == "TIMESTAMP"
                else f"coalesce(CAST({name} AS VARCHAR), '')"
                for name, kind in app_tables()[table].items()
            )
            loaded_rows = sorted(
                connection.execute(f"SELECT {rendered} FROM raw.{table}").fetchall()
            )
            with open(SAMPLE_DIR / f"{table}.csv", newline="", encoding="utf-8") as handle:
                expected = sorted(tuple(row) for row in list(csv.reader(handle))[1:])
            assert loaded_rows == expected, table
