"""The tier held on a day, end to end at `small`: account 1401 (product.md's billing rule).

Account 1401 is created on Medium and moved to Free later the same day (2026-10-31, the extract's
last day). The tier held that day is the one in force at its end, Free, so billing, MRR and access
all see Free. The expectations come from the raw extract and the seed CSVs, not from the models.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import duckdb
import pytest

ACCOUNT = 1401
DAY = date(2026, 10, 31)


@pytest.fixture(scope="module")
def connection(built_small_warehouse: Path) -> duckdb.DuckDBPyConnection:
    with duckdb.connect(str(built_small_warehouse), read_only=True) as connection:
        yield connection


def test_the_raw_extract_has_the_same_day_change(connection: duckdb.DuckDBPyConnection) -> None:
    created = connection.execute(
        "SELECT MIN(created_at) FROM raw.customer_accounts WHERE account_id = ?", [ACCOUNT]
    ).fetchone()[0]
    changes = connection.execute(
        "SELECT from_tier, to_tier, changed_at FROM raw.account_tier_changes"
        " WHERE account_id = ? ORDER BY changed_at",
        [ACCOUNT],
    ).fetchall()
    assert created.date() == DAY
    assert [(f, t, c.date()) for f, t, c in changes] == [("Medium", "Free", DAY)]
    assert changes[0][2] > created


def test_no_medium_day_is_billed(connection: duckdb.DuckDBPyConnection) -> None:
    lines = connection.execute(
        "SELECT pricing_plan, days_on_plan FROM marts.mart_billing_lines WHERE account_id = ?",
        [ACCOUNT],
    ).fetchall()
    assert lines == []


def test_mrr_at_month_end_is_free(connection: duckdb.DuckDBPyConnection) -> None:
    rows = connection.execute(
        "SELECT mrr_month, pricing_plan, mrr, mrr_movement FROM marts.mart_mrr_monthly"
        " WHERE account_id = ?",
        [ACCOUNT],
    ).fetchall()
    assert [(m, p, float(v), mv) for m, p, v, mv in rows] == [
        (date(2026, 10, 1), "Free", 0.0, "unchanged")
    ]


def test_access_is_free_entitlements_only(
    connection: duckdb.DuckDBPyConnection, project_root: Path
) -> None:
    with (project_root / "seeds" / "plan_features.csv").open() as seed:
        free = {row["feature_key"] for row in csv.DictReader(seed) if row["pricing_plan"] == "Free"}
    rows = connection.execute(
        "SELECT feature_key, access_source, valid_from, valid_to"
        " FROM core.fct_feature_access_intervals WHERE account_id = ?",
        [ACCOUNT],
    ).fetchall()
    assert {feature for feature, *_ in rows} == free
    assert {(source, start.date(), end) for _, source, start, end in rows} == {("plan", DAY, None)}
