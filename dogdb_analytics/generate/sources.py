"""Generate the app's tables (schema `raw` of a DuckDB file) in DuckDB SQL, deterministically for
a seed: one module per source table (customer_accounts.py, ...), the DDL from external_models.yaml.

Every random draw is `u(seed, row, tag)`: a hash of the seed, the row's identity and a tag,
mapped to [0, 1). No draw depends on thread scheduling or insertion order, so the same seed,
scale and end date always give the same rows. Generation is set-based SQL (no Python loops over
rows); the only loop runs the (at most three) tier-change steps of every account at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from dogdb_analytics.generate.account_tier_changes import write_account_tier_changes
from dogdb_analytics.generate.customer_accounts import draw_accounts, write_customer_accounts
from dogdb_analytics.generate.customer_interactions import write_customer_interactions
from dogdb_analytics.generate.customer_licenses import write_customer_licenses
from dogdb_analytics.generate.ddl import app_tables, create_table_sql
from dogdb_analytics.generate.entitlements import (
    define_entitlement_macros,
    load_catalog,
)
from dogdb_analytics.generate.feature_trials import write_feature_trials
from dogdb_analytics.generate.product_usage_events import write_product_usage_events
from dogdb_analytics.generate.sample_rows import sample_relation
from dogdb_analytics.generate.scales import Scale, get_scale

DEFAULT_END_DATE = date(2026, 10, 31)  # the last day of the extract unless told otherwise

# The app's tables (name -> {column: type}) as external_models.yaml declares them.
RAW_TABLES: dict[str, dict[str, str]] = app_tables()


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse with settings that keep large scales within memory."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(warehouse))
    connection.execute("SET memory_limit = '8GB'")
    connection.execute("SET preserve_insertion_order = false")
    return connection


def define_macros(connection: duckdb.DuckDBPyConnection, seed: int) -> None:
    """Temporary macros of the generation SQL: u(key, tag), a uniform draw in [0, 1) fixed by
    the seed, a row key and a tag; ts_between(a, b, x); pick(list, x); and the tier/feature
    macros of `entitlements` (entitled(t), not_entitled(t), lost(a, b), released_on(f), ...)."""
    connection.execute(
        f"CREATE OR REPLACE TEMP MACRO u(k, tag) AS "
        f"(hash({int(seed)}, k, tag) % 1000000007) / 1000000007.0"
    )
    connection.execute(
        "CREATE OR REPLACE TEMP MACRO ts_between(a, b, x) AS "
        "a + to_microseconds(CAST(floor(x * (epoch_us(b) - epoch_us(a))) AS BIGINT))"
    )
    define_entitlement_macros(connection, load_catalog(connection))
    connection.execute(
        "CREATE OR REPLACE TEMP MACRO pick(l, x) AS l[CAST(floor(x * len(l)) AS BIGINT) + 1]"
    )


def create_raw_tables(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for table, columns in RAW_TABLES.items():
        connection.execute(
            create_table_sql(f"raw.{table}", columns, "duckdb").replace(
                "CREATE TABLE", "CREATE OR REPLACE TABLE", 1
            )
        )


def load_sample_rows(connection: duckdb.DuckDBPyConnection) -> None:
    for table in ("customer_accounts", "customer_interactions", "customer_licenses"):
        connection.execute(f"INSERT INTO raw.{table} {sample_relation(connection, table)}")


def generate_sources(
    warehouse: Path,
    scale: str | Scale,
    seed: int = 42,
    end_date: date = DEFAULT_END_DATE,
) -> dict[str, int]:
    """(Re)create the raw tables at `scale` (a name, or volumes of one's own) in `warehouse`;
    returns row counts per table."""
    spec = scale if isinstance(scale, Scale) else get_scale(scale)
    end_ts = f"{end_date.isoformat()} 23:59:59"
    with connect(Path(warehouse)) as connection:
        define_macros(connection, seed)
        connection.execute("BEGIN TRANSACTION")
        create_raw_tables(connection)
        load_sample_rows(connection)
        if not spec.is_sample:
            draw_accounts(connection, spec, end_ts)
            write_account_tier_changes(connection, end_ts)
            write_customer_accounts(connection, end_ts)
            write_customer_licenses(connection, end_ts)
            write_customer_interactions(connection, spec, end_ts)
            write_feature_trials(connection, end_ts)
            write_product_usage_events(connection, spec, end_ts)
        connection.execute("COMMIT")
        return {
            table: connection.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0]
            for table in RAW_TABLES
        }
