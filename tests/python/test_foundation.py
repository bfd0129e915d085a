"""Acceptance checks of the foundation on real builds of the generated extract."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from dogdb_analytics.generate import append_day, generate_sources
from dogdb_analytics.scenarios.evaluation_log import RecordingConsole
from dogdb_analytics.warehouse import EXTRACT_BUILT_AT, opened_context


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
        "WHERE account_id IS NOT NULL GROUP BY account_id, channel, category, service_rep, status, "
        "created_at, completed_at HAVING COUNT(*) > 1)",
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
    with opened_context(built_small_warehouse) as context:
        plan = context.plan(
            "prod", execution_time=EXTRACT_BUILT_AT, no_prompts=True, auto_apply=False
        )
    assert not plan.has_changes
    assert plan.missing_intervals == []


def test_run_after_one_more_day_processes_only_the_new_interval(tmp_path: Path) -> None:
    """Build up to the extract's last day, append a day, run: only that day (plus the fact's
    lookback) is evaluated, and the new day's interactions arrive."""
    warehouse = tmp_path / "dogdb.duckdb"
    generate_sources(warehouse, "small")
    with opened_context(warehouse) as context:
        context.plan("prod", execution_time="2026-11-01 00:00:00", no_prompts=True, auto_apply=True)
    added = append_day(warehouse)
    assert added["day"] == "2026-11-01"

    console = RecordingConsole()
    with opened_context(warehouse, console=console) as context:
        context.run(execution_time="2026-11-02 00:00:00")
        monthly = {m.name for m in context.models.values() if m.cron == "@monthly"}

    day_start, day_end = datetime(2026, 11, 1), datetime(2026, 11, 2)
    fact_intervals = console.intervals_of("fct_interactions")
    assert fact_intervals, "the fact was not run"
    assert max(end for _, end in fact_intervals) == day_end
    assert min(start for start, _ in fact_intervals) == day_start - timedelta(days=14)
    # Monthly models wait for the month to close: nothing monthly ran.
    assert not monthly & console.models()
    new_rows = _rows(
        warehouse,
        "SELECT COUNT(*) FROM core.fct_interactions WHERE created_date = DATE '2026-11-01'",
    )[0][0]
    assert new_rows == added["new_interactions"]
    resolved_late = _rows(
        warehouse,
        "SELECT COUNT(*) FROM core.fct_interactions WHERE created_date < DATE '2026-11-01' "
        "AND CAST(completed_at AS DATE) = DATE '2026-11-01'",
    )[0][0]
    # append-day updated raw rows in place (duplicated extract rows included): once deduplicated,
    # each of those interactions is in the fact with its new status.
    flipped_interactions = _rows(
        warehouse,
        "SELECT COUNT(*) FROM (SELECT DISTINCT account_id, lower(trim(channel)), trim(category), "
        "created_at FROM raw.customer_interactions WHERE created_at < DATE '2026-11-01' "
        "AND CAST(completed_at AS DATE) = DATE '2026-11-01')",
    )[0][0]
    assert 0 < flipped_interactions <= added["interactions_resolved"]
    assert resolved_late == flipped_interactions
