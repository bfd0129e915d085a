"""`append_app_day`: one more day in the app database, changed as the app changes it.

The day is computed by the generator's own `append_day` on a scratch DuckDB copy of the app's
recent state (accounts and licenses in full, the last 31 days of interactions and usage events),
plus what only a live app does: a few licenses disabled, one account deleted, and one interaction
resolved 10 days after it was opened. The difference between the copy before and after is then
applied to the app database in one transaction: INSERTs of new rows, UPDATEs in place (an
account's tier and updated_at, an interaction's status and completed_at, a license's status and
updated_at) and DELETEs.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import duckdb
import pandas as pd
import sqlalchemy as sa

from dogdb_analytics.generate.daily_append import append_day
from dogdb_analytics.generate.ddl import app_tables, create_table_sql
from dogdb_analytics.ingestion.app_database import AppDatabase

RECENT_DAYS = 31
RECENT_COLUMN = {"customer_interactions": "created_at", "product_usage_events": "occurred_at"}
# The columns that identify a row the app updates in place (the tables have no key of their own).
IDENTITY = {
    "customer_accounts": ["account_id"],
    "customer_interactions": ["account_id", "channel", "category", "created_at"],
    "customer_licenses": ["account_id", "created_at"],
}
DISABLED_LICENSE_SHARE = 0.001
LATE_RESOLUTION_DAYS = 10


def _copy_app_state(app: AppDatabase, engine: sa.Engine, scratch: duckdb.DuckDBPyConnection):
    metadata = sa.MetaData(schema=app.schema)
    metadata.reflect(engine, only=list(app_tables()))
    scratch.execute("CREATE SCHEMA raw")
    with engine.connect() as connection:
        latest = connection.execute(
            sa.select(sa.func.max(metadata.tables[_key(app, "customer_interactions")].c.created_at))
        ).scalar_one()
        for table, columns in app_tables().items():
            scratch.execute(create_table_sql(f"raw.{table}", columns, "duckdb"))
            source = metadata.tables[_key(app, table)]
            query = sa.select(*(source.c[c] for c in columns))
            if table in RECENT_COLUMN:
                recent = source.c[RECENT_COLUMN[table]] >= latest - timedelta(days=RECENT_DAYS)
                if "event_id" in columns:  # and the newest event, which numbers the next ones
                    newest = sa.select(sa.func.max(source.c.event_id)).scalar_subquery()
                    recent = sa.or_(recent, source.c.event_id == newest)
                query = query.where(recent)
            frame = pd.read_sql(query, connection)
            if len(frame):
                scratch.register("frame", frame)
                scratch.execute(f"INSERT INTO raw.{table} SELECT * FROM frame")
                scratch.unregister("frame")
            scratch.execute(f"CREATE TABLE before_{table} AS SELECT * FROM raw.{table}")
    return metadata


def _key(app: AppDatabase, table: str) -> str:
    return f"{app.schema}.{table}" if app.schema else table


def _app_only_changes(scratch: duckdb.DuckDBPyConnection, day: str, seed: int) -> dict[str, int]:
    """What only the live app does: disable licenses, delete an account, resolve late."""
    start = f"TIMESTAMP '{day} 00:00:00'"
    key = f"{seed}-{day}"
    active = scratch.execute(
        "SELECT count(*) FROM raw.customer_licenses WHERE license_data LIKE '%“active”%'"
    ).fetchone()[0]
    disabled = max(1, round(active * DISABLED_LICENSE_SHARE))
    scratch.execute(
        f"""
        UPDATE raw.customer_licenses
        SET license_data = replace(license_data, '“active”', '“disabled”'),
            updated_at = {start} + INTERVAL 12 HOUR
        WHERE (account_id, created_at) IN (
            SELECT (account_id, created_at) FROM raw.customer_licenses
            WHERE license_data LIKE '%“active”%' AND account_id IS NOT NULL
              AND created_at < {start}
            ORDER BY hash(account_id, created_at, '{key}-disable')
            LIMIT {disabled})
        """
    )
    deleted = scratch.execute(
        f"""
        DELETE FROM raw.customer_accounts WHERE account_id = (
            SELECT account_id FROM raw.customer_accounts
            WHERE account_id >= 100 AND created_at < {start}
              AND account_id NOT IN (SELECT account_id FROM raw.account_tier_changes
                                     WHERE changed_at >= {start})
            ORDER BY hash(account_id, '{key}-delete') LIMIT 1)
        RETURNING account_id
        """
    ).fetchall()
    late = scratch.execute(
        f"""
        UPDATE raw.customer_interactions
        SET status = 'resolved', completed_at = {start} + INTERVAL 9 HOUR
        WHERE (account_id, channel, category, created_at) IN (
            SELECT (account_id, channel, category, created_at) FROM raw.customer_interactions
            WHERE status = 'open' AND completed_at IS NULL AND account_id IS NOT NULL
              AND created_at >= {start} - INTERVAL {LATE_RESOLUTION_DAYS} DAY
              AND created_at < {start} - INTERVAL {LATE_RESOLUTION_DAYS - 1} DAY
            ORDER BY created_at LIMIT 1)
        RETURNING created_at
        """
    ).fetchall()
    return {
        "disabled_licenses": disabled,
        "deleted_account_id": deleted[0][0] if deleted else 0,
        "late_resolution_created_at": str(late[0][0]) if late else "",
    }


def _changes(scratch: duckdb.DuckDBPyConnection, table: str) -> tuple[list, list, list]:
    """(inserted rows, updated rows, deleted identities) of `table`, as lists of dicts."""
    columns = list(app_tables()[table])
    names = ", ".join(columns)
    scratch.execute(
        f"CREATE OR REPLACE TEMP TABLE added AS SELECT {names} FROM raw.{table} "
        f"EXCEPT ALL SELECT {names} FROM before_{table}"
    )
    scratch.execute(
        f"CREATE OR REPLACE TEMP TABLE removed AS SELECT {names} FROM before_{table} "
        f"EXCEPT ALL SELECT {names} FROM raw.{table}"
    )
    identity = IDENTITY.get(table)
    if identity is None:
        return _rows(scratch, "SELECT * FROM added"), [], []
    on = " AND ".join(f"a.{c} IS NOT DISTINCT FROM r.{c}" for c in identity)
    updated = _rows(scratch, f"SELECT DISTINCT a.* FROM added AS a JOIN removed AS r ON {on}")
    inserted = _rows(
        scratch,
        f"SELECT a.* FROM added AS a WHERE NOT EXISTS (SELECT 1 FROM removed AS r WHERE {on})",
    )
    deleted = _rows(
        scratch,
        f"SELECT DISTINCT {', '.join(f'r.{c}' for c in identity)} FROM removed AS r "
        f"WHERE NOT EXISTS (SELECT 1 FROM added AS a WHERE {on})",
    )
    return inserted, updated, deleted


def _rows(scratch: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    result = scratch.execute(sql)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _apply(connection: sa.Connection, table: sa.Table, changes, identity: list[str]) -> None:
    inserted, updated, deleted = changes
    if inserted:
        connection.execute(sa.insert(table), inserted)
    match = sa.and_(*(table.c[c] == sa.bindparam(f"key_{c}") for c in identity or []))
    if updated:
        values = {c: sa.bindparam(f"new_{c}") for c in updated[0] if c not in identity}
        connection.execute(
            sa.update(table).where(match).values(values),
            [
                {**{f"key_{c}": row[c] for c in identity}, **{f"new_{c}": row[c] for c in values}}
                for row in updated
            ],
        )
    if deleted:
        connection.execute(
            sa.delete(table).where(match),
            [{f"key_{c}": row[c] for c in identity} for row in deleted],
        )


def append_app_day(app: AppDatabase, seed: int = 42) -> dict[str, int | str]:
    """Append the next day to the app database; returns what changed, as `append_day` does,
    plus the app-only changes and the statements applied per table."""
    engine = app.engine()
    try:
        with tempfile.TemporaryDirectory(prefix="dogdb-app-day-") as work:
            scratch_path = Path(work) / "scratch.duckdb"
            with duckdb.connect(str(scratch_path)) as scratch:
                metadata = _copy_app_state(app, engine, scratch)
            added = append_day(scratch_path, seed=seed)
            with duckdb.connect(str(scratch_path)) as scratch:
                added.update(_app_only_changes(scratch, str(added["day"]), seed))
                changes = {table: _changes(scratch, table) for table in app_tables()}
        with engine.begin() as connection:
            for table, change in changes.items():
                _apply(connection, metadata.tables[_key(app, table)], change, IDENTITY.get(table))
                added[f"{table}_inserted"] = len(change[0])
                added[f"{table}_updated"] = len(change[1])
                added[f"{table}_deleted"] = len(change[2])
    finally:
        engine.dispose()
    return added
