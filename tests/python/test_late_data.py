"""Late and corrected data: a tier change recorded weeks late is repaired by restating the months it
touches, and the test shows which intervals were reprocessed. (An interaction resolved days after
it was created is picked up by the fact's lookback: see test_foundation's daily-run test.)"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
from warehouse_sql import query

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
