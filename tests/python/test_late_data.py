"""Late and corrected data: a tier change recorded weeks late is repaired by restating the months it
touches, and the test shows which intervals were reprocessed; raw rows that arrive for a day past
the staging tables' 14-day lookback stop the daily run (nothing is lost silently) until their days
are restated. (An interaction resolved days after it was created is picked up by the fact's
lookback: see test_foundation's daily-run test.)"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
from sqlmesh.utils import CompletionStatus
from warehouse_sql import execute, query

from dogdb_analytics.generate import generate_sources
from dogdb_analytics.scenarios.evaluation_log import RecordingConsole
from dogdb_analytics.warehouse import opened_context

LINES = (
    "SELECT pricing_plan, days_on_plan, billed_amount FROM marts.mart_billing_lines "
    "WHERE account_id = ? AND billing_month = DATE '2026-09-01' ORDER BY pricing_plan"
)


def test_late_tier_change_is_repaired_by_restating_its_months(tmp_path: Path) -> None:
    warehouse = tmp_path / "dogdb.duckdb"
    generate_sources(warehouse, "small")
    with opened_context(warehouse) as context:
        context.plan("prod", execution_time="2026-11-01 00:00:00", no_prompts=True, auto_apply=True)
    # A Medium account that stayed Medium through September and October 2026.
    account = query(
        warehouse,
        "SELECT account_id FROM core.dim_accounts WHERE is_current AND pricing_plan = 'Medium' "
        "AND valid_from < TIMESTAMP '2026-08-01' AND NOT is_inferred_member ORDER BY account_id LIMIT 1",
    )[0][0]
    assert query(warehouse, LINES, [account]) == [("Medium", 30, 50)]

    # On 2026-11-01 the app's log receives an upgrade that took effect on 2026-09-16.
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "INSERT INTO raw.account_tier_changes VALUES (?, 'Medium', 'Enterprise', "
            "TIMESTAMP '2026-09-16 10:00:00')",
            [account],
        )
        connection.execute(
            "UPDATE raw.customer_accounts SET current_tier = 'Enterprise', "
            "updated_at = TIMESTAMP '2026-09-16 10:00:00' WHERE account_id = ?",
            [account],
        )

    # The daily run rebuilds the tier history, but a closed month is not recomputed by itself.
    with opened_context(warehouse) as context:
        context.run(execution_time="2026-11-02 00:00:00")
    assert query(warehouse, LINES, [account]) == [("Medium", 30, 50)]

    # Restating the billing lines for the months the change touches repairs them.
    console = RecordingConsole()
    with opened_context(warehouse, console=console) as context:
        context.plan(
            "prod",
            restate_models=["marts.mart_billing_lines"],
            start="2026-09-01",
            end="2026-10-31",
            execution_time="2026-11-02 00:00:00",
            no_prompts=True,
            auto_apply=True,
        )
    assert console.intervals_of("mart_billing_lines") == [
        (datetime(2026, 9, 1), datetime(2026, 11, 1))
    ] or sorted(console.intervals_of("mart_billing_lines")) == [
        (datetime(2026, 9, 1), datetime(2026, 10, 1)),
        (datetime(2026, 10, 1), datetime(2026, 11, 1)),
    ]
    # 15 days on Medium (1-15 September), 15 on Enterprise (16-30): 25.00 + 250.00.
    assert query(warehouse, LINES, [account]) == [("Enterprise", 15, 250), ("Medium", 15, 25)]


# The models that read a dated raw source by day (staging and quality's daily counts): a day they
# have processed is read again only within their lookback, or when it is restated.
DAILY_RAW_READERS = [
    "staging.stg_app__product_usage_events",
    "staging.stg_app__customer_interactions",
    "quality.usable_versions_daily",
    "quality.quarantined_rows_daily",
]
UNACCOUNTED = (
    "SELECT source_table, unaccounted_rows FROM quality.source_row_reconciliation "
    "WHERE unaccounted_rows <> 0 ORDER BY source_table"
)


def test_rows_arriving_past_the_lookback_stop_the_run_until_their_day_is_restated(
    built_sample_warehouse: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "dogdb.duckdb"
    shutil.copy(built_sample_warehouse, warehouse)
    built_at = query(warehouse, "SELECT built_at FROM staging.plausibility_window")[0][0]
    late_day = (built_at - timedelta(days=30)).date()  # well past the 14-day lookback
    account = query(warehouse, "SELECT MIN(account_id) FROM raw.customer_accounts")[0][0]
    first_new_id = query(
        warehouse, "SELECT COALESCE(MAX(event_id), 0) + 1 FROM raw.product_usage_events"
    )[0][0]
    # Three usage events and two interactions of that day reach raw only now (a late sync).
    execute(
        warehouse,
        *(
            f"INSERT INTO raw.product_usage_events VALUES ({first_new_id + i}, {account}, NULL,"
            f" 'sso', TIMESTAMP '{late_day} 10:0{i}:00')"
            for i in range(3)
        ),
        *(
            f"INSERT INTO raw.customer_interactions VALUES ({account}, 'web', 'Billing', NULL,"
            f" 'resolved', TIMESTAMP '{late_day} 11:0{i}:00', TIMESTAMP '{late_day} 12:00:00')"
            for i in range(2)
        ),
    )

    # The next daily run stages only its own new days; the five rows are in no outcome, so the
    # blocking audit stops the run and the reconciliation names them.
    next_run = (built_at + timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    with opened_context(warehouse) as context:
        assert context.run(execution_time=next_run) == CompletionStatus.FAILURE
    assert query(warehouse, UNACCOUNTED) == [
        ("customer_interactions", 2),
        ("product_usage_events", 3),
    ]

    # Restating the late day in the models that read raw by day stages the rows; downstream
    # facts follow, and every raw row is accounted for again.
    with opened_context(warehouse) as context:
        context.plan(
            "prod",
            restate_models=DAILY_RAW_READERS,
            start=str(late_day),
            end=str(late_day),
            execution_time=next_run,
            no_prompts=True,
            auto_apply=True,
            skip_tests=True,
        )
    assert query(warehouse, UNACCOUNTED) == []
    assert query(
        warehouse,
        "SELECT COUNT(*) FROM core.fct_product_usage_events WHERE event_id >= ?",
        [first_new_id],
    ) == [(3,)]
