"""The generator: sample rows verbatim, determinism, dirt, and the daily append."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from warehouse_sql import query

from dogdb_analytics.generate import append_day, generate_sources
from dogdb_analytics.generate.sample_rows import SAMPLE_DIR
from dogdb_analytics.generate.sources import RAW_TABLES

# One worker runs all of this module, so its session fixture is built once.
pytestmark = pytest.mark.xdist_group("generator")

PLAN_FEATURES = (Path(__file__).resolve().parents[2] / "seeds" / "plan_features.csv").as_posix()
SAMPLE_LICENSE_IDS = {
    "d17cb11cda9ba249c22f67e4aed65d0f65f1a80c",
    "be49ad8f4a68fbbdd1674b41da20759f54b0e930",
    "8541866bb3a4c4ecf070b2c1b2f7bb9c0934d287",
    "60831f59a531eef325e525ad58bae0e5e8c2d75a",
}


def _csv_rows(table: str) -> list[tuple[str, ...]]:
    with open(SAMPLE_DIR / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return [tuple(row) for row in list(csv.reader(handle))[1:]]


def _as_text(warehouse: Path, table: str, where: str = "TRUE") -> list[tuple[str, ...]]:
    rendered = ", ".join(
        f"coalesce(strftime({name}, '%Y-%m-%d %H:%M:%S.%f'), '')"
        if kind == "TIMESTAMP"
        else f"coalesce(CAST({name} AS VARCHAR), '')"
        for name, kind in RAW_TABLES[table].items()
    )
    return [
        tuple(row) for row in query(warehouse, f"SELECT {rendered} FROM raw.{table} WHERE {where}")
    ]


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("gen") / "small.duckdb"
    generate_sources(warehouse, "small")
    return warehouse


def _checksums(warehouse: Path) -> dict[str, tuple]:
    return {
        table: query(
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
        in query(warehouse, "SELECT min(license_data) FROM raw.customer_licenses")[0][0]
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
        query(
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
    license_ids = {
        r[0]
        for r in query(
            small,
            "SELECT json_extract_string(replace(replace(license_data, '“', '\"'), '”', '\"'), "
            "'$.license_id') FROM raw.customer_licenses WHERE license_data LIKE '%}'",
        )
    }
    assert license_ids >= SAMPLE_LICENSE_IDS
    ids = {r[0] for r in query(small, "SELECT DISTINCT account_id FROM raw.customer_accounts")}
    assert not ids & {6, 7, 35}
    assert query(small, "SELECT max(created_at) FROM raw.customer_interactions")[0][
        0
    ].date() <= date(2026, 10, 31)
    assert query(small, "SELECT max(occurred_at) FROM raw.product_usage_events")[0][
        0
    ].date() <= date(2026, 10, 31)


def test_tier_change_chains_are_consistent(small: Path) -> None:
    broken = query(
        small,
        "SELECT count(*) FROM (SELECT from_tier, lag(to_tier) OVER (PARTITION BY account_id "
        "ORDER BY changed_at) AS previous FROM raw.account_tier_changes) "
        "WHERE previous IS NOT NULL AND previous <> from_tier",
    )[0][0]
    assert broken == 0
    assert (
        query(small, "SELECT count(*) FROM raw.account_tier_changes WHERE from_tier = to_tier")[0][
            0
        ]
        == 0
    )


FIXED = "replace(replace(license_data, '“', '\"'), '”', '\"')"


def test_small_scale_business_shape(small: Path) -> None:
    def one(sql: str) -> object:
        return query(small, sql)[0][0]

    ids = {r[0] for r in query(small, "SELECT account_id FROM raw.customer_licenses")}
    assert {6, 35} <= ids
    assert one("SELECT count(*) FROM raw.customer_interactions WHERE account_id = 7") > 0
    assert one("SELECT min(account_id) FROM raw.customer_accounts WHERE account_id > 3") >= 100
    # License blobs in the sample's style; ids unique except the deliberate re-extracts.
    assert one(
        "SELECT count(*) FROM raw.customer_licenses WHERE NOT regexp_full_match(license_data,"
        " '\\{“license_id”:“[0-9a-f]{40}”,“role”: “(developer|analyst|admin)”,"
        "“status”: “(active|disabled)”\\}')"
    ) < 0.005 * one("SELECT count(*) FROM raw.customer_licenses")
    assert (
        one(
            f"SELECT count(*) FROM (SELECT json_extract_string({FIXED}, '$.license_id') AS id, "
            f"count(DISTINCT license_data || updated_at) AS versions FROM raw.customer_licenses "
            f"WHERE json_valid({FIXED}) GROUP BY id HAVING versions > 1)"
        )
        > 0
    )
    assert (
        one(
            "SELECT max(n) FROM (SELECT account_id, count(DISTINCT license_data) AS n "
            "FROM raw.customer_licenses WHERE account_id >= 100 GROUP BY account_id)"
        )
        >= 15
    )
    # Tier log: strictly increasing, after account creation, never after the end date.
    assert (
        one(
            "SELECT count(*) FROM (SELECT c.changed_at, lag(c.changed_at) OVER "
            "(PARTITION BY c.account_id ORDER BY c.changed_at) AS previous, a.created_at "
            "FROM raw.account_tier_changes AS c JOIN (SELECT DISTINCT account_id, created_at "
            "FROM raw.customer_accounts) AS a USING (account_id)) "
            "WHERE changed_at <= previous OR changed_at <= created_at "
            "OR changed_at > TIMESTAMP '2026-10-31 23:59:59'"
        )
        == 0
    )
    # current_tier is the last logged to_tier but for a few missed changes and odd spellings.
    mismatched = one(
        "SELECT count(DISTINCT a.account_id) FROM raw.customer_accounts AS a JOIN "
        "(SELECT account_id, arg_max(to_tier, changed_at) AS last_tier, max(changed_at) AS at "
        "FROM raw.account_tier_changes GROUP BY account_id) AS l USING (account_id) "
        "WHERE a.current_tier <> l.last_tier"
    )
    assert (
        0 < mismatched < 0.03 * one("SELECT count(DISTINCT account_id) FROM raw.customer_accounts")
    )
    # Interactions never precede their account; open ones have no completion.
    assert (
        one(
            "SELECT count(*) FROM raw.customer_interactions AS i JOIN (SELECT DISTINCT account_id, "
            "created_at FROM raw.customer_accounts) AS a USING (account_id) "
            "WHERE i.created_at < a.created_at"
        )
        == 0
    )
    assert (
        one(
            "SELECT count(*) FROM raw.customer_interactions WHERE status = 'open' "
            "AND completed_at IS NOT NULL"
        )
        == 0
    )
    # Usage: sequential ids, mostly entitled by the tier held then, some trials and unknowns.
    assert query(
        small, "SELECT min(event_id), max(event_id) = count(*) FROM raw.product_usage_events"
    )[0] == (1, True)
    entitled = one(
        "WITH periods AS (SELECT account_id, changed_at AS valid_from, to_tier AS tier "
        "FROM raw.account_tier_changes UNION ALL SELECT account_id, TIMESTAMP '1900-01-01', "
        "coalesce((SELECT arg_min(from_tier, changed_at) FROM raw.account_tier_changes AS c "
        "WHERE c.account_id = a.account_id), any_value(current_tier)) "
        "FROM raw.customer_accounts AS a GROUP BY account_id) "
        "SELECT avg(CASE WHEN f.feature_key IS NULL THEN 0 ELSE 1 END) "
        "FROM raw.product_usage_events AS e ASOF JOIN periods AS p "
        "ON p.account_id = e.account_id AND e.occurred_at >= p.valid_from "
        f"LEFT JOIN read_csv('{PLAN_FEATURES}') AS f "
        "ON f.pricing_plan = p.tier AND f.feature_key = e.feature_key"
    )
    assert 0.9 < entitled < 0.96
    assert one(
        "SELECT count(*) FROM raw.product_usage_events AS e JOIN raw.feature_trials AS t "
        "ON t.account_id = e.account_id AND t.feature_key = e.feature_key "
        "AND e.occurred_at BETWEEN t.starts_at AND t.ends_at"
    ) > 0.01 * one("SELECT count(*) FROM raw.product_usage_events")
    assert (
        one("SELECT count(*) FROM raw.product_usage_events WHERE feature_key = 'beta_ai_assist'")
        > 0
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
        "duplicate accounts": "SELECT count(*) - count(DISTINCT account_id) FROM raw.customer_accounts",
        "duplicate licenses": "SELECT count(*) - count(DISTINCT (account_id, license_data, "
        "created_at, updated_at)) FROM raw.customer_licenses",
        "disposable emails": "SELECT count(*) FROM raw.customer_accounts "
        "WHERE email LIKE '%@mailinator.com' OR email LIKE '%@10minutemail.com'",
        "internal accounts": "SELECT count(*) FROM raw.customer_accounts "
        "WHERE email LIKE '%@dogdb.com' OR email LIKE 'test+%'",
        "odd tiers": "SELECT count(*) FROM raw.customer_accounts "
        "WHERE current_tier NOT IN ('Free', 'Medium', 'Enterprise')",
        "odd rep names": "SELECT count(*) FROM raw.customer_interactions "
        "WHERE service_rep <> trim(service_rep) OR service_rep = lower(service_rep)",
        "missing reps": "SELECT count(*) FROM raw.customer_interactions WHERE service_rep IS NULL",
        "completed before created": "SELECT count(*) FROM raw.customer_interactions "
        "WHERE completed_at < created_at",
        "null account licenses": "SELECT count(*) FROM raw.customer_licenses WHERE account_id IS NULL",
    }
    for name, sql in checks.items():
        assert query(small, sql)[0][0] > 0, name


# Interactions (not rows: exact duplicate rows are one interaction, and change together).
INTERACTIONS = (
    "count(DISTINCT (account_id, channel, category, created_at)) FROM raw.customer_interactions"
)
DAY_COLUMNS = {
    "customer_accounts": "created_at",
    "customer_interactions": "created_at",
    "customer_licenses": "created_at",
    "account_tier_changes": "changed_at",
    "feature_trials": "starts_at",
    "product_usage_events": "occurred_at",
}


def test_append_day_adds_one_day_and_resolves_open_interactions(
    small: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "appended.duckdb"
    twin = tmp_path / "twin.duckdb"
    warehouse.write_bytes(small.read_bytes())
    twin.write_bytes(small.read_bytes())
    before = _checksums(warehouse)
    open_before = query(warehouse, f"SELECT {INTERACTIONS} WHERE status = 'open'")[0][0]
    added = append_day(warehouse)
    assert added["day"] == "2026-11-01"
    for name in ("new_accounts", "tier_changes", "new_licenses", "new_interactions"):
        assert int(added[name]) > 0, name
    assert int(added["interactions_resolved"]) > 0 and int(added["new_usage_events"]) > 0
    for table, column in DAY_COLUMNS.items():
        new_days = query(
            warehouse,
            f"SELECT DISTINCT CAST({column} AS DATE) FROM raw.{table} "
            f"WHERE {column} > TIMESTAMP '2026-10-31 23:59:59'",
        )
        assert new_days in ([], [(date(2026, 11, 1),)]), table
    assert query(
        warehouse,
        "SELECT count(*) FROM raw.customer_accounts WHERE updated_at >= DATE '2026-11-01'",
    )[0][0] >= int(added["new_accounts"]) + int(added["tier_changes"])
    resolved_late = query(
        warehouse,
        f"SELECT {INTERACTIONS} WHERE created_at < DATE '2026-11-01' "
        "AND CAST(completed_at AS DATE) = DATE '2026-11-01'",
    )[0][0]
    assert resolved_late == added["interactions_resolved"]
    open_after = query(
        warehouse,
        f"SELECT {INTERACTIONS} WHERE status = 'open' AND created_at < DATE '2026-11-01'",
    )[0][0]
    assert open_after == open_before - added["interactions_resolved"]
    events = query(
        warehouse, "SELECT min(event_id), max(event_id), count(*) FROM raw.product_usage_events"
    )[0]
    assert events == (1, events[2], events[2])
    assert append_day(twin) == added
    assert _checksums(twin) == _checksums(warehouse) != before
    assert append_day(warehouse)["day"] == "2026-11-02"


@pytest.mark.parametrize("command", ["generate", "append-day", "summary"])
def test_cli_commands_have_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    from dogdb_analytics import cli

    with pytest.raises(SystemExit) as exit_:
        cli.main([command, "--help"])
    assert exit_.value.code == 0
    assert "--warehouse" in capsys.readouterr().out


def test_cli_generate_prints_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dogdb_analytics import cli

    warehouse = tmp_path / "nested" / "dir" / "cli.duckdb"
    direct = ["generate", "--scale", "sample", "--into", "warehouse", "--warehouse", str(warehouse)]
    assert cli.main(direct) == 0
    out = capsys.readouterr().out
    assert warehouse.exists() and "raw.customer_licenses" in out and " s" in out
    # by default into the app database: the embedded SQLite file beside the warehouse
    app = tmp_path / "app" / "cli.duckdb"
    assert cli.main(["generate", "--scale", "sample", "--warehouse", str(app)]) == 0
    out = capsys.readouterr().out
    assert (app.parent / "app.sqlite").exists() and not app.exists()
    assert "sqlite:///" in out and "customer_licenses" in out
