"""The top-10 mart against an independent computation from the raw extract, and restating a month."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from sqlmesh.utils.date import to_datetime

from dogdb_analytics.scenarios.evaluation_log import RecordingConsole
from dogdb_analytics.warehouse import EXTRACT_BUILT_AT, opened_context

LICENSE_ID = re.compile(r"^[0-9a-f]{40}$")
MONTHS = [(2023, 6), (2024, 12), (2026, 9)]


def _licenses_from_raw(warehouse: Path) -> list[dict]:
    """The raw licenses, parsed and deduplicated here, without any of the project's SQL."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(
            "SELECT account_id, license_data, created_at, updated_at FROM raw.customer_licenses"
        ).fetchall()
    latest: dict[str, dict] = {}
    for account_id, blob, created_at, updated_at in rows:
        if account_id is None or created_at is None:
            continue
        try:
            data = json.loads(blob.replace("\u201c", '"').replace("\u201d", '"'))
        except json.JSONDecodeError:
            continue
        license_id = data.get("license_id") or ""
        role = (data.get("role") or "").lower()
        status = (data.get("status") or "").lower()
        if not LICENSE_ID.match(license_id) or role not in {"developer", "analyst", "admin"}:
            continue
        if status not in {"active", "disabled"}:
            continue
        record = {
            "account_id": account_id,
            "role": role,
            "status": status,
            "created_at": created_at,
            "updated_at": updated_at or created_at,
        }
        kept = latest.get(license_id)
        key = (record["updated_at"], record["created_at"], status, -account_id)
        if kept is None or key > (
            kept["updated_at"],
            kept["created_at"],
            kept["status"],
            -kept["account_id"],
        ):
            latest[license_id] = record
    return list(latest.values())


def _top10(licenses: list[dict], year: int, month: int) -> list[tuple[int, int, int]]:
    month_end = datetime(year + month // 12, month % 12 + 1, 1)
    counts: dict[int, int] = {}
    for lic in licenses:
        if lic["role"] != "developer" or lic["created_at"] >= month_end:
            continue
        if lic["status"] == "active" or lic["updated_at"] >= month_end:
            counts[lic["account_id"]] = counts.get(lic["account_id"], 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:10]
    return [(rank, account, n) for rank, (account, n) in enumerate(ranked, start=1)]


@pytest.mark.parametrize(("year", "month"), MONTHS)
def test_top_10_matches_raw_recomputation(
    built_small_warehouse: Path, year: int, month: int
) -> None:
    expected = _top10(_licenses_from_raw(built_small_warehouse), year, month)
    with duckdb.connect(str(built_small_warehouse), read_only=True) as connection:
        actual = connection.execute(
            "SELECT developer_rank, account_id, active_developer_licenses "
            "FROM marts.mart_top_developer_accounts_monthly WHERE month_start = ? "
            "ORDER BY developer_rank",
            [datetime(year, month, 1).date()],
        ).fetchall()
    assert len(expected) == 10
    assert actual == expected


def _mart_rows(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(
            "SELECT month_start, developer_rank, account_id, active_developer_licenses "
            "FROM marts.mart_top_developer_accounts_monthly ORDER BY month_start, developer_rank"
        ).fetchall()


def _naive(interval: tuple[int, int]) -> tuple[datetime, datetime]:
    return (
        to_datetime(interval[0]).replace(tzinfo=None),
        to_datetime(interval[1]).replace(tzinfo=None),
    )


def test_restating_one_month_rebuilds_only_that_month(built_small_warehouse: Path) -> None:
    march = (datetime(2024, 3, 1), datetime(2024, 4, 1))
    before = _mart_rows(built_small_warehouse)
    console = RecordingConsole()
    with opened_context(built_small_warehouse, console=console) as context:
        plan = context.plan(
            "prod",
            restate_models=["marts.mart_top_developer_accounts_monthly"],
            start="2024-03-01",
            end="2024-03-31",
            execution_time=EXTRACT_BUILT_AT,
            no_prompts=True,
        )
        # The plan restates March 2024 of the mart and of its two downstream models (the support
        # mart and the semantic layer's interaction facts, which carry the top-10 flag), nothing else.
        restated = {
            sid.name.split(".")[-1].strip('"'): _naive(i) for sid, i in plan.restatements.items()
        }
        missing = {
            si.snapshot_id.name.split(".")[-1].strip('"'): [_naive(i) for i in si.intervals]
            for si in plan.missing_intervals
        }
        assert restated == {
            "mart_top_developer_accounts_monthly": march,
            "mart_support_interactions_monthly": march,
            "interaction_facts": march,
        }
        assert missing == {
            "mart_top_developer_accounts_monthly": [march],
            "mart_support_interactions_monthly": [march],
            "interaction_facts": [march],
        }
        context.apply(plan)
    # Applying it evaluates exactly those intervals, and the rebuilt month is unchanged.
    assert console.intervals_of("mart_top_developer_accounts_monthly") == [march]
    assert console.intervals_of("mart_support_interactions_monthly") == [march]
    assert console.intervals_of("interaction_facts") == [march]
    assert console.models() == {
        "marts.mart_top_developer_accounts_monthly",
        "marts.mart_support_interactions_monthly",
        "semantic.interaction_facts",
    }
    assert _mart_rows(built_small_warehouse) == before
