"""The pipeline from a real PostgreSQL app database (Debian's postgresql, a throwaway server):
generate `small` into it, load it with dlt as the read-only role, build prod: every mart equals
the direct path's; a day of app changes moves only the new and changed rows and shows in the
models (late resolution, tier change, deleted account closed in the SCD2 snapshot); a load
killed with SIGKILL and run again leaves raw exactly as an uninterrupted load."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from dogdb_analytics.engines.postgres_server import running_postgres
from dogdb_analytics.ingestion.app_database import AppDatabase, app_database_from_env
from dogdb_analytics.ingestion.app_day import append_app_day
from dogdb_analytics.ingestion.app_writer import generate_app_database
from dogdb_analytics.ingestion.daily_job import daily_job
from dogdb_analytics.ingestion.load import load_app, pipelines_dir
from dogdb_analytics.ingestion.load_tables import INTERACTIONS_WINDOW_DAYS, LOAD_SPECS
from dogdb_analytics.ingestion.postgres_app import (
    create_app_database,
    create_loader_role,
    owner_app,
)
from dogdb_analytics.warehouse import EXTRACT_BUILT_AT, opened_context

# May apt-get install a Debian package: every such test runs on one xdist worker (README).
pytestmark = pytest.mark.xdist_group("system_packages")

FIRST_LOAD = datetime.fromisoformat(EXTRACT_BUILT_AT)
NEXT_DAY = FIRST_LOAD + timedelta(days=1)


@pytest.fixture(scope="module")
def app_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[AppDatabase, AppDatabase]]:
    """(the app as its owner writes it, the app as the read-only load role reads it)."""
    with (
        running_postgres() as server
    ):  # in the system's temp dir, which the server's user can enter
        create_app_database(server)
        owner = owner_app(server)
        generate_app_database(owner, "small")
        loader = app_database_from_env(None, create_loader_role(server))  # type: ignore[arg-type]
        yield owner, loader


@pytest.fixture(scope="module")
def ingested(app_server, tmp_path_factory: pytest.TempPathFactory, project_root: Path) -> Path:
    """The app loaded into a fresh warehouse and prod built on it, as of the extract's end."""
    warehouse = tmp_path_factory.mktemp("ingested") / "dogdb.duckdb"
    _, loader = app_server
    result = load_app(warehouse, loader, as_of=FIRST_LOAD)
    print("\n".join(result.lines()))
    with opened_context(warehouse, project_root) as context:
        context.plan("prod", execution_time=EXTRACT_BUILT_AT, auto_apply=True, no_prompts=True)
    return warehouse


def _mart_checksums(warehouse: Path) -> dict[str, tuple[int, str]]:
    """marts.<name> -> (rows, md5 of the sorted rows); mart_feature_access_current.as_of, the
    build's own time, left out."""
    sums: dict[str, tuple[int, str]] = {}
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' "
                "ORDER BY 1"
            ).fetchall()
        ]
        for name in names:
            columns = connection.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = 'marts' AND table_name = ? AND column_name <> 'as_of' "
                "ORDER BY ordinal_position",
                [name],
            ).fetchall()
            # a sum of doubles depends on the order of its rows, which differs between the two
            # raw schemas: doubles are compared to 1e-6 (cents and counts are exact)
            row = ", ".join(
                f'round("{c}", 6)' if kind in ("DOUBLE", "FLOAT", "REAL") else f'"{c}"'
                for c, kind in columns
            )
            sums[name] = connection.execute(
                f"SELECT count(*), md5(coalesce(string_agg(CAST(ROW({row}) AS VARCHAR), '|' "
                f"ORDER BY CAST(ROW({row}) AS VARCHAR)), '')) FROM marts.{name}"
            ).fetchone()
    return sums


def test_every_mart_of_the_ingested_app_equals_the_direct_path(
    ingested: Path, built_small_warehouse: Path
) -> None:
    ingested_sums = _mart_checksums(ingested)
    direct_sums = _mart_checksums(built_small_warehouse)
    assert len(direct_sums) >= 15
    assert ingested_sums == direct_sums
    assert all(rows > 0 for rows, _ in direct_sums.values())


def _cursor_maxima(warehouse: Path) -> dict[str, object]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return {
            table: connection.execute(f"SELECT max({spec.cursor}) FROM raw.{table}").fetchone()[0]
            for table, spec in LOAD_SPECS.items()
        }


def _app_rows_from(app: AppDatabase, table: str, column: str, start: object) -> int:
    engine = app.engine()
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(f'SELECT count(*) FROM {app.table(table)} WHERE "{column}" >= :start'),
            {"start": start},
        ).scalar_one()
    engine.dispose()
    return int(rows)


def test_a_day_of_app_changes_moves_only_new_and_changed_rows(
    app_server, ingested: Path, project_root: Path
) -> None:
    owner, loader = app_server
    before = _cursor_maxima(ingested)
    raw_before = _raw_counts(ingested)
    day = append_app_day(owner)
    print(day)
    assert day["day"] == "2026-11-01"
    assert day["customer_accounts_deleted"] == 1 and day["customer_accounts_updated"] >= 1
    assert day["late_resolution_created_at"].startswith("2026-10-22")

    # What the load must move, counted on the app: every row at or past the cursor's old
    # maximum (the interactions: the trailing window), plus one tombstone per deleted account.
    expected = {}
    for table, spec in LOAD_SPECS.items():
        start = before[table]
        if spec.lag_days:
            start = start - timedelta(days=INTERACTIONS_WINDOW_DAYS)
        expected[table] = _app_rows_from(loader, table, spec.cursor, start)
    expected["customer_accounts"] += day["customer_accounts_deleted"]
    # the daily job (make run): load, sqlmesh run (publishing is left to the publish tests)
    result = daily_job(
        ingested,
        loader,
        as_of=NEXT_DAY,
        execution_time=NEXT_DAY.strftime("%Y-%m-%d %H:%M:%S"),
        publish_snapshot=False,
        project_root=project_root,
    )
    assert result.rows == expected
    assert result.deleted_accounts == 1
    assert result.rows["product_usage_events"] == day["new_usage_events"] + 1  # + the boundary row
    assert sum(result.rows.values()) < sum(raw_before.values()) // 20

    deleted = day["deleted_account_id"]
    with duckdb.connect(str(ingested), read_only=True) as connection:
        # the 10-day-late resolution reached the incremental fact
        status = connection.execute(
            "SELECT status FROM core.fct_interactions WHERE created_at = ?",
            [datetime.fromisoformat(day["late_resolution_created_at"])],
        ).fetchall()
        assert status and {s for (s,) in status} == {"resolved"}
        # the deleted account is closed in the snapshot, not lost
        versions = connection.execute(
            "SELECT valid_from, valid_to FROM staging.snp_app__customer_accounts "
            "WHERE account_id = ?",
            [deleted],
        ).fetchall()
        assert versions == [(datetime(1970, 1, 1), NEXT_DAY)]
        assert connection.execute(
            "SELECT disagreement FROM quality.account_tier_history_disagreements "
            "WHERE account_id = ?",
            [deleted],
        ).fetchall() == [("deleted_in_app",)]
        # the tier change opened a new snapshot version at the run, with the new tier
        changed = connection.execute(
            "SELECT account_id, to_tier FROM raw.account_tier_changes "
            "WHERE changed_at >= '2026-11-01'"
        ).fetchall()
        assert len(changed) == day["tier_changes"] >= 1
        for account_id, to_tier in changed:
            current = connection.execute(
                "SELECT current_tier, valid_from FROM staging.snp_app__customer_accounts "
                "WHERE account_id = ? AND valid_to IS NULL",
                [account_id],
            ).fetchall()
            assert current == [(to_tier, NEXT_DAY)]
        # the day's new interactions reached the daily fact (November's marts are monthly: built
        # once the month has ended)
        assert (
            connection.execute(
                "SELECT count(*) FROM core.fct_interactions WHERE created_at >= '2026-11-01'"
            ).fetchone()[0]
            == day["new_interactions"]
        )


def _raw_counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0]
            for table in LOAD_SPECS
        }


def _raw_rows(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = {}
        for table in LOAD_SPECS:
            columns = [
                r[0]
                for r in connection.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                    "'raw' AND table_name = ? AND column_name NOT LIKE '_dlt_%' ORDER BY 1",
                    [table],
                ).fetchall()
            ]
            names = ", ".join(columns)
            rows[table] = connection.execute(
                f"SELECT {names} FROM raw.{table} ORDER BY ALL"
            ).fetchall()
    return rows


def test_a_load_killed_mid_way_and_run_again_equals_an_uninterrupted_load(
    app_server, tmp_path: Path
) -> None:
    _, loader = app_server
    uninterrupted = tmp_path / "uninterrupted" / "dogdb.duckdb"
    load_app(uninterrupted, loader, as_of=FIRST_LOAD)

    killed = tmp_path / "killed" / "dogdb.duckdb"
    killed.parent.mkdir()
    env = {**os.environ, **_environment_of(loader)}
    process = subprocess.Popen(
        [sys.executable, "-m", "dogdb_analytics", "load", "--warehouse", str(killed)],
        env=env,
    )
    load_dir = pipelines_dir(killed) / "dogdb_app" / "load"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if load_dir.exists() and any(load_dir.rglob("started_jobs/*")):
            break
        time.sleep(0.02)
    assert process.poll() is None, "the load ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert killed.exists()

    again = load_app(killed, loader, as_of=FIRST_LOAD)
    print("\n".join(again.lines()))
    assert _raw_rows(killed) == _raw_rows(uninterrupted)
    shutil.rmtree(tmp_path, ignore_errors=True)


def _environment_of(app: AppDatabase) -> dict[str, str]:
    url = app.url
    return {
        "DOGDB_APP_PG_HOST": url.host or "",
        "DOGDB_APP_PG_PORT": str(url.port),
        "DOGDB_APP_PG_USER": url.username or "",
        "DOGDB_APP_PG_PASSWORD": url.password or "",
        "DOGDB_APP_PG_DATABASE": url.database or "",
    }
