"""Seventeen kinds of defect that migrations, manual fixes, retries and clock skew leave in an app
database, written into one `small` extract and built once as prod: the plan completes, every raw row
has exactly one outcome, nothing is lost between staging and the facts, and each defect ends where
docs/guarantees.md says. Then 2% conflicting rows in one load day stop a dev plan; prod is untouched.

Every expected number is computed here, from the raw tables or by hand, never read from the model
under test.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmesh.utils.errors import PlanError
from streamlit.testing.v1 import AppTest
from warehouse_sql import execute, query

from dogdb_analytics.dashboard import app as dashboard_app
from dogdb_analytics.generate import generate_sources
from dogdb_analytics.publishing.snapshot import publish
from dogdb_analytics.scenarios.evaluation_log import RecordingConsole, describe_audit_failure
from dogdb_analytics.scenarios.project_copy import copy_project
from dogdb_analytics.warehouse import EXTRACT_BUILT_AT, opened_context

DASHBOARD_APP = Path(dashboard_app.__file__)
BUILT_AT = EXTRACT_BUILT_AT  # 2026-11-01 00:00:00, the midnight after the extract's last day
FIRST_BUSINESS_DAY = "2019-01-01"  # config.yaml, variables.first_business_day
SHARED_LICENSE = "be49ad8f4a68fbbdd1674b41da20759f54b0e930"  # account 6's developer license (brief)
ORPHAN = 880001  # an account id that the accounts extract lacks
# One worker builds the module's warehouse once; the last test appends to its raw tables.
pytestmark = pytest.mark.xdist_group("defect_injection")
SOURCES = (
    "customer_accounts",
    "customer_interactions",
    "customer_licenses",
    "account_tier_changes",
    "feature_trials",
    "product_usage_events",
)


def _license(license_id: str, role: str = "developer", status: str = "active") -> str:
    return f"{{“license_id”:“{license_id}”,“role”: “{role}”,“status”: “{status}”}}"


@dataclass(frozen=True)
class Defect:
    """One kind of defect: the statements that write it, and a query with its expected rows."""

    kind: str
    inserts: tuple[str, ...]
    check: str
    expected: list[tuple]


DEFECTS = (
    Defect(
        "exact copies from a retried insert",
        (
            "INSERT INTO raw.product_usage_events SELECT * FROM raw.product_usage_events "
            "WHERE event_id = (SELECT MIN(event_id) FROM raw.product_usage_events)",
        )
        * 2,
        "SELECT COUNT(*) FROM staging.stg_app__product_usage_events "
        "WHERE event_id = (SELECT MIN(event_id) FROM raw.product_usage_events)",
        [(1,)],
    ),
    Defect(
        "two versions of an account row, same update time, other tier",
        (
            "INSERT INTO raw.customer_accounts SELECT account_id, email, "
            "CASE WHEN current_tier = 'Enterprise' THEN 'Free' ELSE 'Enterprise' END, created_at, "
            "updated_at FROM raw.customer_accounts WHERE account_id = 100",
        ),
        # The rule's last tie-breaker is the tier, alphabetically: Enterprise < Free < Medium.
        "SELECT resolution, COUNT(*) FROM quality.source_conflicts "
        "WHERE source_table = 'customer_accounts' AND conflict_key = '100' GROUP BY 1 ORDER BY 1",
        [("lost conflict", 1), ("survived", 1)],
    ),
    Defect(
        "timestamps before the first day of business (a legacy migration, an epoch default)",
        (
            "INSERT INTO raw.customer_accounts VALUES (990001, 'legacy@example.org', 'Medium', "
            "TIMESTAMP '2003-05-01 00:00:00', TIMESTAMP '2003-05-01 00:00:00')",
            "INSERT INTO raw.customer_interactions VALUES (100, 'web', 'Billing', 'Andy', 'open', "
            "TIMESTAMP '1970-01-01 00:00:00', NULL)",
        ),
        "SELECT source_table, reject_reason FROM quality.quarantined_rows "
        "WHERE row_timestamp < TIMESTAMP '2019-01-01' ORDER BY 1",
        [
            ("customer_accounts", "created_at before the first day of business"),
            ("customer_interactions", "created_at before the first day of business"),
        ],
    ),
    Defect(
        "future timestamps from clock skew",
        (
            "INSERT INTO raw.product_usage_events VALUES (990000001, 100, NULL, 'sso', "
            "TIMESTAMP '2026-11-04 10:00:00')",
            "INSERT INTO raw.customer_licenses VALUES (100, '"
            + _license("c" * 40)
            + "', TIMESTAMP '2026-11-20 00:00:00', TIMESTAMP '2026-11-20 00:00:00')",
        ),
        "SELECT source_table, reject_reason FROM quality.quarantined_rows "
        f"WHERE row_timestamp > TIMESTAMP '{BUILT_AT}' ORDER BY 1",
        [
            ("customer_licenses", "created_at after the build time"),
            ("product_usage_events", "occurred_at after the build time"),
        ],
    ),
    Defect(
        "completed before created",
        (
            "INSERT INTO raw.customer_interactions VALUES (100, 'chat', 'Billing', 'Grace', "
            "'resolved', TIMESTAMP '2026-10-20 12:00:00', TIMESTAMP '2026-10-20 11:00:00')",
        ),
        "SELECT reject_reason FROM quality.quarantined_rows WHERE account_id = 100 "
        "AND row_timestamp = TIMESTAMP '2026-10-20 12:00:00'",
        [("completed_at before created_at",)],
    ),
    Defect(
        "NULL keys",
        (
            "INSERT INTO raw.product_usage_events VALUES (NULL, 100, NULL, 'sso', "
            "TIMESTAMP '2026-10-21 10:00:00')",
        ),
        "SELECT reject_reason FROM quality.quarantined_rows WHERE source_table = "
        "'product_usage_events' AND row_timestamp = TIMESTAMP '2026-10-21 10:00:00'",
        [("null event_id",)],
    ),
    Defect(
        "orphan account ids",
        (
            f"INSERT INTO raw.customer_interactions VALUES ({ORPHAN}, 'web', 'Billing', 'Andy', "
            "'open', TIMESTAMP '2026-10-22 10:00:00', NULL)",
        ),
        "SELECT i.is_orphan_account, a.is_inferred_member FROM core.fct_interactions AS i "
        f"JOIN core.dim_accounts AS a ON a.account_id = i.account_id WHERE i.account_id = {ORPHAN}",
        [(True, True)],
    ),
    Defect(
        "unknown tiers",
        (
            "INSERT INTO raw.customer_accounts VALUES (990002, 'new@example.org', 'Platinum', "
            "TIMESTAMP '2026-10-23 10:00:00', TIMESTAMP '2026-10-23 10:00:00')",
            "INSERT INTO raw.account_tier_changes VALUES (100, 'Free', 'Gold', "
            "TIMESTAMP '2026-10-23 10:30:00')",
        ),
        "SELECT source_table, reject_reason FROM quality.quarantined_rows "
        "WHERE row_timestamp BETWEEN TIMESTAMP '2026-10-23 10:00:00' "
        "AND TIMESTAMP '2026-10-23 10:30:00' ORDER BY 1",
        [("account_tier_changes", "unknown tier"), ("customer_accounts", "unknown tier")],
    ),
    Defect(
        "case and whitespace variants of categorical values",
        (
            "INSERT INTO raw.customer_interactions VALUES (100, 'E-mail', ' tech  SUPPORT ', "
            "'andy ', 'Resolved', TIMESTAMP '2026-10-24 10:00:00', "
            "TIMESTAMP '2026-10-24 11:00:00')",
        ),
        "SELECT channel, category, service_rep_name, status FROM core.fct_interactions "
        "WHERE account_id = 100 AND created_at = TIMESTAMP '2026-10-24 10:00:00'",
        [("email", "Tech Support", "Andy", "resolved")],
    ),
    Defect(
        "broken license JSON",
        (
            "INSERT INTO raw.customer_licenses VALUES (100, '{“license_id”:“"
            + "d" * 40
            + "”,“role”: “developer”', "
            "TIMESTAMP '2026-10-25 10:00:00', TIMESTAMP '2026-10-25 10:00:00')",
        ),
        "SELECT reject_reason FROM quality.quarantined_rows WHERE source_table = "
        "'customer_licenses' AND row_timestamp = TIMESTAMP '2026-10-25 10:00:00'",
        [("license_data is not valid JSON",)],
    ),
    Defect(
        "a license claimed by two accounts",
        (
            "INSERT INTO raw.customer_licenses VALUES (100, '"
            + _license(SHARED_LICENSE)
            + "', TIMESTAMP '2026-10-26 10:00:00', TIMESTAMP '2026-10-26 10:00:00')",
        ),
        # The latest claim (account 100, updated later than account 6's) keeps the license.
        "SELECT l.account_id, c.resolution, c.version_record LIKE '6 |%' FROM core.dim_licenses AS l "
        "JOIN quality.source_conflicts AS c ON c.conflict_key = l.license_id "
        f"AND c.version_number = 2 WHERE l.license_id = '{SHARED_LICENSE}'",
        [(100, "lost conflict", True)],
    ),
    Defect(
        "a repeated event_id with another payload",
        (
            "INSERT INTO raw.product_usage_events SELECT event_id, account_id, license_id, "
            "CASE WHEN feature_key = 'audit_log' THEN 'sso' ELSE 'audit_log' END, "
            "occurred_at + INTERVAL 1 MINUTE FROM raw.product_usage_events "
            "WHERE event_id = (SELECT MAX(event_id) FROM raw.product_usage_events "
            "WHERE event_id < 990000000)",
        ),
        # The original (earliest occurred_at) survives; the retry is the losing version.
        "SELECT c.version_number, c.resolution, s.occurred_at = r.first_sent_at "
        "FROM quality.source_conflicts AS c JOIN staging.stg_app__product_usage_events AS s "
        "ON CAST(s.event_id AS TEXT) = c.conflict_key JOIN (SELECT event_id, MIN(occurred_at) "
        "AS first_sent_at FROM raw.product_usage_events GROUP BY event_id) AS r "
        "ON r.event_id = s.event_id WHERE c.source_table = 'product_usage_events' ORDER BY 1",
        [(1, "survived", True), (2, "lost conflict", True)],
    ),
    Defect(
        "an interaction extracted open, then resolved by a manual fix",
        (
            "INSERT INTO raw.customer_interactions VALUES (100, 'phone', 'Billing', 'Monica', "
            "'open', TIMESTAMP '2026-10-27 10:00:00', NULL)",
            "INSERT INTO raw.customer_interactions VALUES (100, 'phone', 'Billing', 'Monica', "
            "'resolved', TIMESTAMP '2026-10-27 10:00:00', TIMESTAMP '2026-10-28 10:00:00')",
        ),
        "SELECT version_number, resolution FROM quality.source_conflicts WHERE conflict_key = '"
        + hashlib.md5(b"100|phone|Billing|2026-10-27 10:00:00").hexdigest()
        + "' ORDER BY 1",
        [(1, "survived"), (2, "superseded")],
    ),
    Defect(
        "a tier change of a deleted account left in the audit log",
        (
            "INSERT INTO raw.account_tier_changes VALUES (880002, 'Free', 'Medium', "
            "TIMESTAMP '2026-10-28 10:00:00')",
        ),
        "SELECT reject_reason FROM quality.quarantined_rows WHERE account_id = 880002",
        [("account missing from the accounts extract",)],
    ),
    Defect(
        "an unknown category",
        (
            "INSERT INTO raw.customer_interactions VALUES (100, 'web', 'refunds ', 'Andy', 'open', "
            "TIMESTAMP '2026-10-29 10:00:00', NULL)",
        ),
        "SELECT column_value, row_count FROM quality.unrecognized_values "
        "WHERE column_name = 'category'",
        [("Refunds", 1)],
    ),
    Defect(
        "a trial that ends before it starts",
        (
            "INSERT INTO raw.feature_trials VALUES (100, 'sso', TIMESTAMP '2026-10-10 00:00:00', "
            "TIMESTAMP '2026-10-01 00:00:00')",
        ),
        "SELECT reject_reason FROM quality.quarantined_rows WHERE source_table = 'feature_trials'",
        [("ends_at before starts_at",)],
    ),
    Defect(
        "a feature key written as a display name",
        (
            "INSERT INTO raw.product_usage_events VALUES (990000002, 880003, NULL, 'Query Console', "
            "TIMESTAMP '2026-10-30 10:00:00')",
        ),
        "SELECT feature_key, is_known_feature FROM core.fct_feature_usage_daily "
        "WHERE account_id = 880003",
        [("query_console", True)],
    ),
)

# The raw rows a build can use, written as plain SQL over raw (independently of the models):
# the facts must hold exactly one row per usable key.
USABLE_KEYS = {
    "product_usage_events": (
        "SELECT COUNT(DISTINCT event_id) FROM raw.product_usage_events WHERE event_id IS NOT NULL "
        "AND account_id IS NOT NULL AND occurred_at BETWEEN TIMESTAMP '{first}' AND TIMESTAMP '{built}'",
        "SELECT SUM(event_count) FROM core.fct_feature_usage_daily",
    ),
    "customer_interactions": (
        "SELECT COUNT(DISTINCT (account_id, created_at)) FROM raw.customer_interactions "
        "WHERE account_id IS NOT NULL AND created_at BETWEEN TIMESTAMP '{first}' AND TIMESTAMP "
        "'{built}' AND (completed_at IS NULL OR completed_at BETWEEN created_at AND TIMESTAMP "
        "'{built}') AND LOWER(TRIM(status)) IN ('open', 'resolved', 'canceled', 'cancelled')",
        "SELECT COUNT(*) FROM core.fct_interactions",
    ),
    "customer_accounts": (
        "SELECT COUNT(DISTINCT account_id) FROM raw.customer_accounts WHERE account_id IS NOT NULL "
        "AND created_at BETWEEN TIMESTAMP '{first}' AND TIMESTAMP '{built}' "
        "AND COALESCE(updated_at, created_at) <= TIMESTAMP '{built}' "
        "AND LOWER(TRIM(current_tier)) IN ('free', 'medium', 'enterprise')",
        "SELECT COUNT(DISTINCT account_id) FROM core.dim_accounts WHERE NOT is_inferred_member",
    ),
}


@pytest.fixture(scope="session")
def defective_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A `small` extract with every defect written into it, built once as prod."""
    warehouse = tmp_path_factory.mktemp("defects") / "dogdb.duckdb"
    generate_sources(warehouse, "small")
    execute(warehouse, *(sql for defect in DEFECTS for sql in defect.inserts))
    with opened_context(warehouse) as context:
        context.plan("prod", execution_time=BUILT_AT, no_prompts=True, auto_apply=True)
    return warehouse


def test_at_least_twelve_kinds_of_defect() -> None:
    assert len({defect.kind for defect in DEFECTS}) >= 12


@pytest.mark.parametrize("defect", DEFECTS, ids=[defect.kind for defect in DEFECTS])
def test_each_defect_has_its_outcome(defective_warehouse: Path, defect: Defect) -> None:
    assert query(defective_warehouse, defect.check) == defect.expected


def test_plan_prod_completed(defective_warehouse: Path) -> None:
    """Billing, the furthest downstream of the facts, was built despite the defects."""
    assert query(
        defective_warehouse,
        "SELECT COUNT(*) > 0 FROM marts.mart_billing_lines WHERE billing_month = DATE '2026-10-01'",
    ) == [(True,)]


def test_every_raw_row_has_exactly_one_outcome(defective_warehouse: Path) -> None:
    outcomes = {
        row[0]: row[1:]
        for row in query(
            defective_warehouse,
            "SELECT source_table, raw_rows, used_rows + outside_range_rows + quarantined_rows "
            "+ exact_duplicate_rows + superseded_rows + conflict_losing_rows, loaded_rows, "
            "used_rows + outside_range_rows FROM quality.source_row_reconciliation",
        )
    }
    assert set(outcomes) == set(SOURCES)
    for source in SOURCES:
        (raw_rows,) = query(defective_warehouse, f"SELECT COUNT(*) FROM raw.{source}")[0]
        recorded, outcome_sum, loaded, landed = outcomes[source]
        assert (recorded, outcome_sum) == (raw_rows, raw_rows), source
        assert loaded == landed, source


@pytest.mark.parametrize("source", sorted(USABLE_KEYS))
def test_zero_rows_unaccounted_at_the_fact_level(defective_warehouse: Path, source: str) -> None:
    usable, landed = USABLE_KEYS[source]
    (expected,) = query(
        defective_warehouse, usable.format(first=FIRST_BUSINESS_DAY, built=BUILT_AT)
    )[0]
    assert query(defective_warehouse, landed) == [(expected,)]


def test_conflicts_are_shown_on_the_data_quality_page(
    defective_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The published snapshot carries quality.source_conflicts; the page lists each conflicting key
    (the usage event sent twice, the license claimed twice, account 100's two versions)."""
    snapshot = tmp_path / "published.duckdb"
    publish(defective_warehouse, snapshot, record_audits=False)
    monkeypatch.setenv("DOGDB_SNAPSHOT", str(snapshot))
    app = AppTest.from_file(str(DASHBOARD_APP), default_timeout=120)
    app.switch_page("page_modules/data_quality.py").run()
    assert [error.value for error in app.exception] == []
    shown = next(
        frame.value for frame in app.dataframe if "surviving_record" in frame.value.columns
    )
    (event_key,) = query(
        defective_warehouse,
        "SELECT CAST(event_id AS TEXT) FROM raw.product_usage_events GROUP BY event_id "
        "HAVING COUNT(DISTINCT feature_key) > 1",
    )[0]
    expected = {
        ("product_usage_events", event_key),
        ("customer_licenses", SHARED_LICENSE),
        ("customer_accounts", "100"),
    }
    assert set(zip(shown["source_table"], shown["conflict_key"], strict=True)) == expected
    losing = [m.value for m in app.metric if m.label == "Losing versions"]
    assert losing == ["3"]


def test_systemic_conflicts_stop_a_dev_plan_and_prod_is_untouched(
    defective_warehouse: Path, tmp_path: Path
) -> None:
    """2% of one load day's usage events sent again with another payload (a telemetry client
    replaying its buffer): over the 1% limit, so the dev plan stops on the blocking audit."""
    day = "2026-10-15"
    (day_rows,) = query(
        defective_warehouse,
        f"SELECT COUNT(*) FROM raw.product_usage_events WHERE CAST(occurred_at AS DATE) = '{day}'",
    )[0]
    replayed = -(-day_rows * 2 // 100)  # 2%, rounded up
    replayed_ids = [
        row[0]
        for row in query(
            defective_warehouse,
            "SELECT event_id FROM raw.product_usage_events WHERE occurred_at BETWEEN "
            f"TIMESTAMP '{day} 00:00:00' AND TIMESTAMP '{day} 23:59:00' "
            f"ORDER BY event_id LIMIT {replayed}",
        )
    ]
    prod = "SELECT * FROM quality.source_conflicts ORDER BY ALL"
    prod_before = query(defective_warehouse, prod)
    execute(
        defective_warehouse,
        "INSERT INTO raw.product_usage_events SELECT event_id, account_id, license_id, "
        "CASE WHEN feature_key = 'sso' THEN 'audit_log' ELSE 'sso' END, "
        "occurred_at + INTERVAL 1 SECOND FROM raw.product_usage_events "
        f"WHERE event_id IN ({', '.join(map(str, replayed_ids))})",
    )
    # An engineer changes the conflict model and plans it in dev: the dev build meets the replay.
    project = copy_project(tmp_path / "project")
    model = project / "models" / "quality" / "source_conflicts.sql"
    model.write_text(
        model.read_text().replace(
            "CAST(c.version_number AS INT) AS version_number",
            "CAST(c.version_number AS BIGINT) AS version_number",
        )
    )
    console = RecordingConsole()
    with opened_context(defective_warehouse, project, console=console) as context:
        with pytest.raises(PlanError):
            context.plan("dev", execution_time=BUILT_AT, no_prompts=True, auto_apply=True)
        failures = [
            failure
            for failure in console.audit_failures
            if failure.audit_name == "quality_conflicts_not_systemic"
        ]
        assert len(failures) == 1
        message = describe_audit_failure(failures[0], context.engine_adapter)
    # The message names the source, the day, the rate and the first example keys (sorted as text).
    examples = ", ".join(sorted(str(event_id) for event_id in replayed_ids)[:5])
    rate = replayed / (day_rows + replayed)
    assert "model quality.source_conflict_rates" in message
    assert "'product_usage_events', datetime.date(2026, 10, 15)" in message
    assert f"{day_rows + replayed}, {replayed}, {rate!r}, '{examples}'" in message
    assert query(defective_warehouse, prod) == prod_before
