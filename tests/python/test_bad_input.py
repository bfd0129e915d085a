"""A day of bad raw data: every defect has a defined outcome, and a blocking audit stops a change in
a dev environment before it reaches prod."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmesh.utils.errors import PlanError
from warehouse_sql import execute, query

from dogdb_analytics.generate import generate_sources
from dogdb_analytics.scenarios.evaluation_log import RecordingConsole, describe_audit_failure
from dogdb_analytics.scenarios.project_copy import copy_project
from dogdb_analytics.warehouse import execution_time_after, opened_context

# One worker runs all of this module, so its session fixture is built once.
pytestmark = pytest.mark.xdist_group("bad_input")

BAD_DAY = "2026-11-01"
# Builds run as of the midnight after the bad day, not the clock (the day after the extract).
BUILT_AT = execution_time_after(date.fromisoformat(BAD_DAY))
EXISTING_LICENSE = "be49ad8f4a68fbbdd1674b41da20759f54b0e930"  # account 6's developer license

BAD_BATCH = [
    # license JSON that does not parse
    "INSERT INTO raw.customer_licenses VALUES (105, '{“license_id”:“aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa”,“role”: “developer”', "
    f"TIMESTAMP '{BAD_DAY} 08:00:00', TIMESTAMP '{BAD_DAY} 08:00:00')",
    # a license id extracted again, now disabled: deduplicated, the latest version wins
    "INSERT INTO raw.customer_licenses VALUES (6, '{“license_id”:“"
    + EXISTING_LICENSE
    + "”,“role”: “developer”,“status”: “disabled”}', TIMESTAMP '2021-05-28 04:42:58.955093', "
    f"TIMESTAMP '{BAD_DAY} 09:00:00')",
    # unknown tiers
    f"INSERT INTO raw.customer_accounts VALUES (90001, 'new@example.org', 'Platinum', TIMESTAMP '{BAD_DAY} 10:00:00', TIMESTAMP '{BAD_DAY} 10:00:00')",
    f"INSERT INTO raw.account_tier_changes VALUES (105, 'Free', 'Gold', TIMESTAMP '{BAD_DAY} 10:30:00')",
    # null and orphan account ids
    f"INSERT INTO raw.customer_interactions VALUES (NULL, 'web', 'Billing', 'Andy', 'open', TIMESTAMP '{BAD_DAY} 11:00:00', NULL)",
    f"INSERT INTO raw.customer_interactions VALUES (4242, 'web', 'Billing', 'Andy', 'open', TIMESTAMP '{BAD_DAY} 11:05:00', NULL)",
    # completion before creation, and a creation in the future
    f"INSERT INTO raw.customer_interactions VALUES (105, 'chat', 'Billing', 'Grace', 'resolved', TIMESTAMP '{BAD_DAY} 12:00:00', TIMESTAMP '{BAD_DAY} 11:00:00')",
    "INSERT INTO raw.customer_interactions VALUES (105, 'chat', 'Billing', 'Grace', 'open', TIMESTAMP '2099-01-01 00:00:00', NULL)",
]
# An absurd count: one license fires 25,000 events of one feature in a day (a telemetry loop).
BURST = (
    "INSERT INTO raw.product_usage_events SELECT 900000000 + i, 6, '" + EXISTING_LICENSE + "', "
    f"'query_console', TIMESTAMP '{BAD_DAY} 13:00:00' + to_microseconds(i) FROM range(25000) AS r(i)"
)


@pytest.fixture(scope="session")
def bad_day_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("bad_day") / "dogdb.duckdb"
    generate_sources(warehouse, "small")
    execute(warehouse, *BAD_BATCH)
    with opened_context(warehouse) as context:
        context.plan("prod", execution_time=BUILT_AT, no_prompts=True, auto_apply=True)
    return warehouse


def test_each_defect_has_a_defined_outcome(bad_day_warehouse: Path) -> None:
    quarantined = {
        (table, reason, account)
        for table, reason, account in query(
            bad_day_warehouse,
            "SELECT source_table, reject_reason, account_id FROM quality.quarantined_rows "
            f"WHERE row_timestamp >= TIMESTAMP '{BAD_DAY}'",
        )
    }
    assert ("customer_licenses", "license_data is not valid JSON", 105) in quarantined
    assert ("customer_accounts", "unknown tier", 90001) in quarantined
    assert ("account_tier_changes", "unknown tier", 105) in quarantined
    assert ("customer_interactions", "null account_id", None) in quarantined
    assert ("customer_interactions", "completed_at before created_at", 105) in quarantined
    assert ("customer_interactions", "created_at after the build time", 105) in quarantined
    # The re-extracted license is deduplicated: one row, its latest (disabled) version.
    assert query(
        bad_day_warehouse,
        f"SELECT status, active_to FROM core.dim_licenses WHERE license_id = '{EXISTING_LICENSE}'",
    ) == [("disabled", __import__("datetime").datetime(2026, 11, 1, 9, 0))]
    # The orphan interaction is kept, attached to an inferred member, and counted.
    assert query(
        bad_day_warehouse,
        "SELECT is_orphan_account FROM core.fct_interactions WHERE account_id = 4242",
    ) == [(True,)]
    assert query(
        bad_day_warehouse,
        "SELECT is_inferred_member FROM core.dim_accounts WHERE account_id = 4242",
    ) == [(True,)]
    # Nothing is lost: every raw row is loaded, quarantined or deduplicated.
    for table, raw, loaded, quarantined_rows, deduplicated in query(
        bad_day_warehouse,
        "SELECT source_table, raw_rows, loaded_rows, quarantined_rows, deduplicated_rows "
        "FROM quality.source_row_reconciliation",
    ):
        assert raw == loaded + quarantined_rows + deduplicated, table
        assert deduplicated >= 0, table


def test_blocking_audit_stops_a_dev_plan_and_prod_is_untouched(
    bad_day_warehouse: Path, tmp_path: Path
) -> None:
    prod_before = query(
        bad_day_warehouse,
        "SELECT COUNT(*), SUM(event_count), MAX(event_count) FROM core.fct_feature_usage_daily",
    )
    # Staging stores the days it has staged (a table incremental by day): the burst is written into
    # raw and into the staged day, as the run that loaded it would have staged it.
    with opened_context(bad_day_warehouse) as context:
        staged = context.get_snapshot("staging.stg_app__product_usage_events").table_name()
    execute(
        bad_day_warehouse,
        BURST,
        f"INSERT INTO {staged} SELECT event_id, account_id, license_id, feature_key, occurred_at, "
        "CAST(occurred_at AS DATE) FROM raw.product_usage_events WHERE event_id >= 900000000",
    )

    # An engineer changes the usage fact and plans it in dev: the dev backfill meets the burst.
    project = copy_project(tmp_path / "project")
    model = project / "models" / "core" / "fct_feature_usage_daily.sql"
    model.write_text(
        model.read_text().replace("COUNT(*) AS event_count", "COUNT(event_id) AS event_count")
    )
    console = RecordingConsole()
    with opened_context(bad_day_warehouse, project, console=console) as context:
        with pytest.raises(PlanError):
            context.plan("dev", execution_time=BUILT_AT, no_prompts=True, auto_apply=True)
        assert len(console.audit_failures) == 1
        message = describe_audit_failure(console.audit_failures[0], context.engine_adapter)
    assert "model core.fct_feature_usage_daily" in message
    assert "'accepted_range'" in message
    assert EXISTING_LICENSE in message and "25000" in message

    prod_after = query(
        bad_day_warehouse,
        "SELECT COUNT(*), SUM(event_count), MAX(event_count) FROM core.fct_feature_usage_daily",
    )
    assert prod_after == prod_before
    assert prod_before[0][2] < 20000
