"""Acceptance checks of the foundation on real builds of the generated extract."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from dogdb_analytics.warehouse import open_context


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


@pytest.mark.parametrize("fixture", ["built_sample_warehouse", "built_small_warehouse"])
def test_sample_rows_flow_through(fixture: str, request: pytest.FixtureRequest) -> None:
    warehouse: Path = request.getfixturevalue(fixture)
    accounts = _rows(
        warehouse,
        "SELECT account_id, pricing_plan, is_inferred_member FROM core.dim_accounts "
        "WHERE account_id IN (1, 2, 3, 6, 7, 35) AND is_current ORDER BY account_id",
    )
    assert accounts == [
        (1, "Free", False),
        (2, "Medium", False),
        (3, "Enterprise", False),
        (6, None, True),
        (7, None, True),
        (35, None, True),
    ]
    licenses = _rows(
        warehouse,
        "SELECT license_id, account_id, role, status, active_from, active_to, is_orphan_account "
        "FROM core.dim_licenses WHERE account_id IN (1, 6, 35) ORDER BY active_from",
    )
    sample = [
        row
        for row in licenses
        if row[0]
        in {
            "d17cb11cda9ba249c22f67e4aed65d0f65f1a80c",
            "be49ad8f4a68fbbdd1674b41da20759f54b0e930",
            "8541866bb3a4c4ecf070b2c1b2f7bb9c0934d287",
            "60831f59a531eef325e525ad58bae0e5e8c2d75a",
        }
    ]
    assert [(r[0][:6], r[1], r[2], r[3], r[6]) for r in sample] == [
        ("60831f", 35, "developer", "disabled", True),
        ("be49ad", 6, "developer", "active", True),
        ("d17cb1", 1, "analyst", "active", False),
        ("854186", 6, "admin", "active", True),
    ]
    account_35 = sample[0]
    assert account_35[4] == datetime(2021, 3, 26, 2, 38, 2, 136033)
    assert account_35[5] == datetime(2022, 7, 21, 23, 3, 29, 862040)
    orphan_interaction = _rows(
        warehouse,
        "SELECT account_id, is_orphan_account, channel, status FROM core.fct_interactions "
        "WHERE account_id = 7 AND created_at = TIMESTAMP '2022-02-14 15:02:47.219352'",
    )
    assert orphan_interaction == [(7, True, "phone", "canceled")]


def test_orphans_are_counted_in_data_quality(built_sample_warehouse: Path) -> None:
    counts = dict(
        (row[0], row[1:])
        for row in _rows(
            built_sample_warehouse,
            "SELECT source_table, raw_rows, loaded_rows, orphan_account_rows "
            "FROM quality.source_row_reconciliation",
        )
    )
    assert counts["customer_interactions"] == (4, 4, 1)
    assert counts["customer_licenses"] == (4, 4, 3)
    assert counts["customer_accounts"] == (3, 3, 0)


def test_bad_input_is_quarantined_or_deduplicated(built_small_warehouse: Path) -> None:
    """Broken JSON, a null account and duplicate extract rows each end up counted somewhere."""
    reasons = dict(
        _rows(
            built_small_warehouse,
            "SELECT source_table || ': ' || reject_reason, COUNT(*) FROM quality.quarantined_rows "
            "GROUP BY 1",
        )
    )
    assert reasons["customer_licenses: license_data is not valid JSON"] > 0
    assert reasons["customer_interactions: null account_id"] > 0
    raw_null_accounts = _rows(
        built_small_warehouse,
        "SELECT COUNT(*) FROM raw.customer_interactions WHERE account_id IS NULL",
    )[0][0]
    assert reasons["customer_interactions: null account_id"] == raw_null_accounts
    exact_duplicates = _rows(
        built_small_warehouse,
        "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM raw.customer_interactions "
        "WHERE account_id IS NOT NULL GROUP BY ALL HAVING COUNT(*) > 1)",
    )[0][0]
    assert exact_duplicates > 0
    for table, raw, loaded, quarantined, deduplicated in _rows(
        built_small_warehouse,
        "SELECT source_table, raw_rows, loaded_rows, quarantined_rows, deduplicated_rows "
        "FROM quality.source_row_reconciliation",
    ):
        assert raw == loaded + quarantined + deduplicated, table
    interactions = _rows(
        built_small_warehouse,
        "SELECT deduplicated_rows FROM quality.source_row_reconciliation "
        "WHERE source_table = 'customer_interactions'",
    )[0][0]
    assert interactions >= exact_duplicates


def test_replanning_without_changes_does_no_work(built_small_warehouse: Path) -> None:
    context = open_context(built_small_warehouse)
    plan = context.plan("prod", no_prompts=True, auto_apply=False)
    assert not plan.has_changes
    assert plan.missing_intervals == []


def test_run_after_one_more_day_processes_only_the_new_interval(
    built_small_warehouse: Path, tmp_path: Path
) -> None:
    from dogdb_analytics.generate import append_day

    warehouse = tmp_path / "dogdb.duckdb"
    shutil.copy(built_small_warehouse, warehouse)
    context = open_context(warehouse)
    # The copy was built up to today; rewind nothing, but make the fact's next interval the new day.
    added = append_day(warehouse)
    day = str(added["day"])
    context = open_context(warehouse)
    context.plan(
        "prod",
        restate_models=["core.fct_interactions"],
        start=day,
        end=day,
        no_prompts=True,
        auto_apply=True,
    )
    new_rows = _rows(
        warehouse,
        f"SELECT COUNT(*) FROM core.fct_interactions WHERE created_date = DATE '{day}'",
    )[0][0]
    assert new_rows > 0
