"""The generator: sample rows verbatim, determinism, dirt, and the daily append."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dogdb_analytics.generate import append_day, generate_sources
from dogdb_analytics.generate.sample_rows import SAMPLE_DIR
from dogdb_analytics.generate.sources import RAW_TABLES

SAMPLE_LICENSE_IDS = {
    "d17cb11cda9ba249c22f67e4aed65d0f65f1a80c",
    "be49ad8f4a68fbbdd1674b41da20759f54b0e930",
    "8541866bb3a4c4ecf070b2c1b2f7bb9c0934d287",
    "60831f59a531eef325e525ad58bae0e5e8c2d75a",
}


def _query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def _csv_rows(table: str) -> list[tuple[str, ...]]:
    with open(SAMPLE_DIR / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return [tuple(row) for row in list(csv.reader(handle))[1:]]


def _as_text(warehouse: Path, table: str, where: str = "TRUE") -> list[tuple[str, ...]]:
    columns = RAW_TABLES[table].split(", ")
    rendered = ", ".join(
        f"coalesce(strftime({name}, '%Y-%m-%d %H:%M:%S.%f'), '')"
        if kind == "TIMESTAMP"
        else f"coalesce(CAST({name} AS VARCHAR), '')"
        for name, kind in (c.split() for c in columns)
    )
    return [
        tuple(row) for row in _query(warehouse, f"SELECT {rendered} FROM raw.{table} WHERE {where}")
    ]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("gen") / "small.duckdb"
    generate_sources(warehouse, "small")
    return warehouse


def _checksums(warehouse: Path) -> dict[str, tuple]:
    return {
        table: _query(
            warehouse,
            f"SELECT count(*), sum(hash(t)) FROM (SELECT * FROM raw.{table}) AS t",
        )[0]
        for table in RAW_TABLES
    }


def test_sample_scale_is_exactly_the_brief(tmp_path: Path) -> None:
    warehouse = tmp_path / "sample.duckdb"
    counts = generate_sources(warehouse, "sample")
    assert counts == {
        "customer_accounts": 3,
        "customer_interactions": 4,
        "customer_licenses": 4,
        "account_tier_changes": 0,
        "feature_trials": 0,
        "product_usage_events": 0,
    }
    for table in ("customer_accounts", "customer_interactions", "customer_licenses"):
        assert sorted(_as_text(warehouse, table)) == sorted(_csv_rows(table)), table
    assert (
        "“license_id”"
        in _query(warehouse, "SELECT min(license_data) FROM raw.customer_licenses")[0][0]
    )


def test_generation_is_deterministic(small: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.duckdb"
    other_seed = tmp_path / "other.duckdb"
    generate_sources(again, "small")
    generate_sources(other_seed, "small", seed=7)
    assert _checksums(again) == _checksums(small)
    assert (
        _checksums(other_seed)["product_usage_events"] != _checksums(small)["product_usage_events"]
    )


def test_small_scale_shape_and_sample_rows(small: Path) -> None:
    counts = dict(
        _query(
            small,
            "SELECT 'accounts', count(DISTINCT account_id) FROM raw.customer_accounts "
            "UNION ALL SELECT 'interactions', count(*) FROM raw.customer_interactions "
            "UNION ALL SELECT 'licenses', count(*) FROM raw.customer_licenses "
            "UNION ALL SELECT 'events', count(*) FROM raw.product_usage_events",
        )
    )
    assert 1_900 <= counts["accounts"] <= 2_100
    assert 30_000 <= counts["interactions"] <= 50_000
    assert 4_000 <= counts["licenses"] <= 8_000
    assert 150_000 <= counts["events"] <= 250_000
    for table in ("customer_accounts", "customer_interactions", "customer_licenses"):
        present = set(_as_text(small, table))
        assert set(_csv_rows(table)) <= present, table
    ids = {r[0] for r in _query(small, "SELECT DISTINCT account_id FROM raw.customer_accounts")}
    assert not ids & {6, 7, 35}
    assert _query(small, "SELECT max(created_at) FROM raw.customer_interactions")[0][
        0
    ].date() <= date(2026, 10, 31)
    assert _query(small, "SELECT max(occurred_at) FROM raw.product_usage_events")[0][
        0
    ].date() <= date(2026, 10, 31)


def test_tier_change_chains_are_consistent(small: Path) -> None:
    broken = _query(
        small,
        "SELECT count(*) FROM (SELECT from_tier, lag(to_tier) OVER (PARTITION BY account_id "
        "ORDER BY changed_at) AS previous FROM raw.account_tier_changes) "
        "WHERE previous IS NOT NULL AND previous <> from_tier",
    )[0][0]
    assert broken == 0
    assert (
        _query(small, "SELECT count(*) FROM raw.account_tier_changes WHERE from_tier = to_tier")[0][
            0
        ]
        == 0
    )


def test_small_scale_carries_realistic_dirt(small: Path) -> None:
    checks = {
        "broken json": "SELECT count(*) FROM raw.customer_licenses WHERE NOT json_valid("
        "replace(replace(license_data, '“', '\"'), '”', '\"'))",
        "duplicate interactions": "SELECT count(*) FROM (SELECT count(*) FROM raw.customer_interactions "
        "GROUP BY account_id, channel, category, service_rep, status, created_at, completed_at "
        "HAVING count(*) > 1)",
        "null account interactions": "SELECT count(*) FROM raw.customer_interactions WHERE account_id IS NULL",
        "case-only email twins": "SELECT count(*) FROM (SELECT lower(email) FROM raw.customer_accounts "
        "GROUP BY 1 HAVING count(DISTINCT email) > 1)",
        "orphan licenses": "SELECT count(*) FROM raw.customer_licenses WHERE account_id BETWEEN 4 AND 99",
        "unknown rep names": "SELECT count(*) FROM raw.customer_interactions WHERE service_rep IN ('Sam', 'Chris')",
        "trials": "SELECT count(*) FROM raw.feature_trials",
    }
    for name, sql in checks.items():
        assert _query(small, sql)[0][0] > 0, name


def test_append_day_adds_one_day_and_resolves_open_interactions(
    small: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "appended.duckdb"
    warehouse.write_bytes(small.read_bytes())
    open_before = _query(
        warehouse, "SELECT count(*) FROM raw.customer_interactions WHERE status = 'open'"
    )[0][0]
    added = append_day(warehouse)
    assert added["day"] == "2026-11-01"
    assert added["new_interactions"] > 0 and added["interactions_resolved"] > 0
    new_days = _query(
        warehouse,
        "SELECT DISTINCT CAST(created_at AS DATE) FROM raw.customer_interactions "
        "WHERE created_at > TIMESTAMP '2026-10-31 23:59:59'",
    )
    assert new_days == [(date(2026, 11, 1),)]
    resolved_late = _query(
        warehouse,
        "SELECT count(*) FROM raw.customer_interactions WHERE created_at < DATE '2026-11-01' "
        "AND CAST(completed_at AS DATE) = DATE '2026-11-01'",
    )[0][0]
    assert resolved_late == added["interactions_resolved"]
    open_after = _query(
        warehouse,
        "SELECT count(*) FROM raw.customer_interactions WHERE status = 'open' "
        "AND created_at < DATE '2026-11-01'",
    )[0][0]
    assert open_after == open_before - added["interactions_resolved"]
