"""`dogdb publish` records every model audit's result against prod in the snapshot, and a broken
prod table shows up there with its failing rows; `dogdb ui-warehouse` copies the warehouse for
`sqlmesh ui` and refuses to copy one that a run is writing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dogdb_analytics.publishing.snapshot import publish
from dogdb_analytics.publishing.ui_copy import copy_for_ui

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _rows(snapshot: Path, query: str) -> list[tuple]:
    with duckdb.connect(str(snapshot), read_only=True) as connection:
        return connection.execute(query).fetchall()


def test_every_prod_model_audit_is_recorded_and_passes(published_small_snapshot: Path) -> None:
    per_model = dict(
        _rows(
            published_small_snapshot,
            "SELECT model, COUNT(*) FROM quality.audit_results GROUP BY model",
        )
    )
    model_files = [p for p in (PROJECT_ROOT / "models").rglob("*") if p.suffix in {".sql", ".py"}]
    assert len(per_model) == len(model_files)
    assert per_model["core.fct_interactions"] == 4  # unique, not null, two accepted values
    assert per_model["marts.mart_top_developer_accounts_monthly"] == 5
    assert _rows(
        published_small_snapshot,
        "SELECT COUNT(*) FROM quality.audit_results "
        "WHERE failing_rows IS DISTINCT FROM 0 OR skipped OR NOT blocking",
    ) == [(0,)]
    # The grain of the table: one row per model, audit and arguments.
    assert _rows(
        published_small_snapshot,
        "SELECT COUNT(*) = COUNT(DISTINCT (model, audit, audit_arguments)) "
        "FROM quality.audit_results",
    ) == [(True,)]


def test_a_broken_prod_table_is_recorded_with_its_failing_rows(
    built_sample_warehouse: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "dogdb.duckdb"
    shutil.copy(built_sample_warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as connection:
        (physical,) = connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'sqlmesh__marts' AND table_name LIKE 'marts__mart_billing_totals__%'"
        ).fetchone()
        # One month's card total written twice (a grain violation), another month's invoice total
        # a dollar off its lines.
        connection.execute(
            f'INSERT INTO sqlmesh__marts."{physical}" SELECT * FROM sqlmesh__marts."{physical}" '
            "WHERE billing_month = DATE '2024-03-01' AND payment_method = 'card'"
        )
        connection.execute(
            f'UPDATE sqlmesh__marts."{physical}" SET billed_amount = billed_amount + 1 '
            "WHERE billing_month = DATE '2024-04-01' AND payment_method = 'invoice'"
        )
    snapshot = tmp_path / "published.duckdb"
    publish(warehouse, snapshot)
    failing = _rows(
        snapshot,
        "SELECT model, audit, audit_arguments, failing_rows FROM quality.audit_results "
        "WHERE failing_rows > 0 ORDER BY audit",
    )
    assert failing == [
        ("marts.mart_billing_totals", "billing_totals_match_lines", "", 1),
        (
            "marts.mart_billing_totals",
            "unique_combination_of_columns",
            "columns := (billing_month, payment_method)",
            1,
        ),
    ]


def test_publish_without_audits_leaves_them_out(
    built_sample_warehouse: Path, tmp_path: Path
) -> None:
    snapshot = tmp_path / "published.duckdb"
    counts = publish(built_sample_warehouse, snapshot, record_audits=False)
    assert "quality.audit_results" not in counts
    assert _rows(
        snapshot,
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'audit_results'",
    ) == [(0,)]


def test_ui_warehouse_is_a_whole_copy_and_never_copies_a_warehouse_being_written(
    built_sample_warehouse: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "dogdb.duckdb"
    shutil.copy(built_sample_warehouse, warehouse)
    copy = copy_for_ui(warehouse)
    assert copy == tmp_path / "ui" / "dogdb.duckdb"
    count = "SELECT COUNT(*) FROM marts.mart_billing_lines"
    assert _rows(copy, count) == _rows(warehouse, count)
    # SQLMesh's state came along: the copy is a prod environment of its own.
    assert _rows(copy, "SELECT COUNT(*) FROM sqlmesh._environments WHERE name = 'prod'") == [(1,)]
    with pytest.raises(ValueError, match="another folder"):
        copy_for_ui(warehouse, tmp_path / "dogdb.duckdb")

    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('locked', flush=True); time.sleep(600)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "locked"
        with pytest.raises(duckdb.IOException, match="lock"):
            copy_for_ui(warehouse)
    finally:
        writer.kill()
        writer.wait()
    assert _rows(copy, count) == _rows(warehouse, count)  # the previous copy is untouched
