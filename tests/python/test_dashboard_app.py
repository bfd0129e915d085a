"""The dashboard under Streamlit's own test harness (streamlit.testing AppTest) on the published
small build: every page, every filter set to several values, no exception, and the numbers shown
(metrics and tables) equal to queries written here, independently, on the marts, and the headline
numbers equal to the semantic layer's answer for the same filters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dogdb_analytics.dashboard import app as dashboard_app
from dogdb_analytics.dashboard.app import PAGES
from dogdb_analytics.dashboard.page_modules import billing_queries
from dogdb_analytics.dashboard.page_modules import customer_service_queries as queries
from dogdb_analytics.dashboard.page_modules.customer_service_queries import SupportFilters
from dogdb_analytics.dashboard.snapshot import table_exists
from dogdb_analytics.scenarios.slow_view import DASHBOARD_QUERIES
from dogdb_analytics.semantic.metrics import MetricQuery, query_metrics

APP = Path(dashboard_app.__file__).resolve()
# Customers: accounts that are not internal/test accounts.
CUSTOMERS = "account_id NOT IN (SELECT account_id FROM core.dim_accounts WHERE is_internal_account)"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def snapshot(published_small_snapshot: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DOGDB_SNAPSHOT", str(published_small_snapshot))
    return published_small_snapshot


def sql(snapshot: Path, query: str, params: list[object] | None = None) -> list[tuple]:
    with duckdb.connect(str(snapshot), read_only=True) as connection:
        return connection.execute(query, params or []).fetchall()


def scalar(snapshot: Path, query: str, params: list[object] | None = None) -> object:
    return sql(snapshot, query, params)[0][0]


def open_page(module: str) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.switch_page(f"page_modules/{module}.py").run()
    assert_rendered(app)
    return app


def assert_rendered(app: AppTest) -> None:
    assert [error.value for error in app.exception] == []
    assert [error.value for error in app.error] == []


def metric(app: AppTest, label: str) -> str:
    values = [m.value for m in app.metric if m.label == label]
    assert len(values) == 1, (label, [m.label for m in app.metric])
    return values[0]


def dollars(text: str) -> Decimal:
    """ "$1,234.56" or "-$1,234.56" as a Decimal."""
    return Decimal(text.replace("$", "").replace(",", ""))


def whole(text: str) -> int:
    return int(text.replace(",", ""))


def cents(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def table_after(app: AppTest, markdown: str) -> pd.DataFrame:
    """The first table shown after the markdown text that starts with `markdown`."""
    seen = False
    for node in app.main:
        if getattr(node, "type", None) == "markdown" and node.value.startswith(markdown):
            seen = True
        elif seen and getattr(node, "type", None) == "dataframe":
            return node.value
    raise AssertionError(f"no table after {markdown!r}")


def tables_with(app: AppTest, column: str) -> list[pd.DataFrame]:
    return [frame.value for frame in app.dataframe if column in frame.value.columns]


# --- every page ------------------------------------------------------------------------------


@pytest.mark.parametrize(("module", "title"), [(module, title) for module, title, _ in PAGES])
def test_every_page_renders_its_title_and_charts(snapshot: Path, module: str, title: str) -> None:
    app = open_page(module)
    assert [t.value for t in app.title] == [title]
    charts = app.get("vega_lite_chart")
    if module == "forecast" and not table_exists(snapshot, "forecast", "monthly_forecast"):
        assert "has not been built" in app.info[0].value
    else:
        assert len(charts) >= 1
    assert "published" in app.sidebar.caption[0].value


def test_missing_snapshot_is_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DOGDB_SNAPSHOT", str(tmp_path / "published.duckdb"))
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not app.exception
    assert "No published snapshot" in app.error[0].value
    assert "make demo" in app.error[0].value


# --- Billing ---------------------------------------------------------------------------------

BILLED = (
    "SELECT COALESCE(SUM(billed_amount), 0), COUNT(*) FROM marts.mart_billing_totals "
    "WHERE billing_month = ? AND payment_method IN (SELECT UNNEST(?))"
)
EXPECTED = (
    "SELECT COALESCE(SUM(expected_amount), 0), COUNT(*) FROM marts.mart_expected_charge_totals "
    "WHERE charge_month = ? AND payment_method IN (SELECT UNNEST(?))"
)


def _check_billing_month(app: AppTest, snapshot: Path, month: date, methods: list[str]) -> None:
    billed, billed_rows = sql(snapshot, BILLED, [month, methods])[0]
    expected, expected_rows = sql(snapshot, EXPECTED, [month, methods])[0]
    if billed_rows:
        assert dollars(metric(app, "Billed")) == cents(billed)
    else:
        assert metric(app, "Billed") == "–"
    if expected_rows:
        assert dollars(metric(app, "Expected")) == cents(expected)
    if billed_rows and expected_rows:
        assert dollars(metric(app, "Variance (billed - expected)")) == cents(billed - expected)
    for method in methods:
        [(amount,)] = sql(
            snapshot,
            "SELECT billed_amount FROM marts.mart_billing_totals "
            "WHERE billing_month = ? AND payment_method = ?",
            [month, method],
        ) or [(None,)]
        shown = metric(app, f"Billed by {method}")
        if amount is None:
            assert shown == "–"
        else:
            assert dollars(shown) == cents(amount)

    layer = query_metrics(
        MetricQuery(
            ("billed_amount", "expected_amount", "billing_variance"),
            filters={"payment_method": methods},
            since=f"{month:%Y-%m}",
            until=f"{month:%Y-%m}",
        ),
        snapshot,
    ).frame.iloc[0]
    for label, name in (("Billed", "billed_amount"), ("Expected", "expected_amount")):
        shown = metric(app, label)
        assert shown == "–" if pd.isna(layer[name]) else dollars(shown) == cents(layer[name])

    reasons = table_after(app, "**Why billed differs")
    truth = sql(
        snapshot,
        "SELECT variance_reason, COUNT(*), SUM(variance_amount) FROM marts.mart_charge_variance "
        "WHERE billing_month = ? GROUP BY variance_reason",
        [month],
    )
    assert {
        (row.variance_reason, row.accounts, cents(row.variance_amount))
        for row in reasons.itertuples()
    } == {(reason, accounts, cents(amount)) for reason, accounts, amount in truth}

    lines = scalar(
        snapshot,
        "SELECT COUNT(*) FROM marts.mart_billing_lines "
        "WHERE billing_month = ? AND payment_method IN (SELECT UNNEST(?))",
        [month, methods],
    )
    labels = [button.proto.label for button in app.get("download_button")]
    assert f"Billing lines of {month:%Y-%m} (CSV, {lines:,} lines)" in labels


def test_billing_numbers_equal_the_marts_for_every_filter(snapshot: Path) -> None:
    app = open_page("billing")
    months = [
        row[0]
        for row in sql(
            snapshot,
            "SELECT billing_month FROM marts.mart_billing_totals UNION "
            "SELECT charge_month FROM marts.mart_expected_charge_totals ORDER BY 1",
        )
    ]
    all_methods = ["card", "invoice"]
    assert app.multiselect(key="billing_methods").options == all_methods
    assert app.select_slider(key="billing_months").value == (months[-12], months[-1])
    # By default: the latest billed month (the coming month is only expected).
    last_billed = scalar(snapshot, "SELECT MAX(billing_month) FROM marts.mart_billing_totals")
    assert app.selectbox(key="billing_month").value == last_billed
    _check_billing_month(app, snapshot, last_billed, all_methods)

    scenarios = [
        ((months[0], months[-1]), []),
        ((date(2021, 1, 1), date(2021, 6, 1)), ["card"]),
        ((date(2024, 2, 1), date(2024, 3, 1)), ["invoice"]),
        ((months[-1], months[-1]), ["card", "invoice"]),
    ]
    for (first, last), picked in scenarios:
        app.select_slider(key="billing_months").set_range(first, last)
        app.multiselect(key="billing_methods").set_value(picked)
        app.run()
        assert_rendered(app)
        methods = picked or all_methods
        by_month = table_after(app, "**By month and payment method")
        truth = sql(
            snapshot,
            "SELECT COUNT(*), SUM(billed_amount) FROM marts.mart_billing_totals "
            "WHERE billing_month BETWEEN ? AND ? AND payment_method IN (SELECT UNNEST(?))",
            [first, last, methods],
        )[0]
        assert by_month["billed_amount"].notna().sum() == truth[0]
        assert cents(by_month["billed_amount"].sum()) == cents(truth[1] or 0)
        expected_total = scalar(
            snapshot,
            "SELECT COALESCE(SUM(expected_amount), 0) FROM marts.mart_expected_charge_totals "
            "WHERE charge_month BETWEEN ? AND ? AND payment_method IN (SELECT UNNEST(?))",
            [first, last, methods],
        )
        assert cents(by_month["expected_amount"].sum()) == cents(expected_total)
        assert set(by_month["payment_method"]) == set(methods)
        shown_month = app.selectbox(key="billing_month").value
        assert first <= shown_month <= last
        _check_billing_month(app, snapshot, shown_month, methods)
        # Other months of the range, picked one by one.
        for month in sorted({first, last}):
            app.selectbox(key="billing_month").set_value(month)
            app.run()
            assert_rendered(app)
            _check_billing_month(app, snapshot, month, methods)


# --- Customer service ------------------------------------------------------------------------

SUPPORT_WHERE = (
    "month_start BETWEEN ? AND ? AND channel IN (SELECT UNNEST(?)) "
    "AND category IN (SELECT UNNEST(?)) AND service_rep_name IN (SELECT UNNEST(?)) "
    "AND status IN (SELECT UNNEST(?))"
)


def _support_options(snapshot: Path) -> dict[str, list[str]]:
    columns = {
        "channel": "channel",
        "category": "category",
        "rep": "service_rep_name",
        "status": "status",
    }
    return {
        dimension: [
            row[0]
            for row in sql(
                snapshot,
                f"SELECT DISTINCT {column} FROM marts.mart_support_interactions_monthly ORDER BY 1",
            )
        ]
        for dimension, column in columns.items()
    }


def test_customer_service_numbers_equal_the_marts_for_every_filter(snapshot: Path) -> None:
    app = open_page("customer_service")
    options = _support_options(snapshot)
    for dimension, values in options.items():
        assert app.multiselect(key=f"support_{dimension}").options == values
    months = [
        row[0]
        for row in sql(
            snapshot,
            "SELECT DISTINCT month_start FROM marts.mart_support_interactions_monthly ORDER BY 1",
        )
    ]
    scenarios = [
        ((months[-12], months[-1]), {}),
        ((months[0], months[-1]), {"channel": ["phone"]}),
        ((date(2021, 1, 1), date(2021, 12, 1)), {"channel": ["web", "chat"], "status": ["open"]}),
        ((date(2022, 7, 1), date(2022, 7, 1)), {"category": ["Billing"]}),
        ((months[-24], months[-1]), {"category": ["Tech Support", "Onboarding"]}),
        ((months[-12], months[-1]), {"rep": ["Monica Geller"], "status": ["resolved", "canceled"]}),
        ((months[0], months[-1]), {"rep": ["Ambiguous representative", "Unknown representative"]}),
        ((months[-6], months[-1]), {"channel": ["email"], "category": ["Account Change"]}),
    ]
    breakdowns = [
        ("channel", "Channel"),
        ("category", "Category"),
        ("rep", "Representative"),
        ("status", "Status"),
    ]
    for number, ((first, last), picked) in enumerate(scenarios):
        app.select_slider(key="support_months").set_range(first, last)
        for dimension in options:
            app.multiselect(key=f"support_{dimension}").set_value(picked.get(dimension, []))
        app.run()
        assert_rendered(app)
        kept = [picked.get(dimension) or values for dimension, values in options.items()]
        params = [first, last, *kept]
        top_10, rest = sql(
            snapshot,
            "SELECT COALESCE(SUM(CASE WHEN is_top_10 THEN interactions END), 0), "
            "COALESCE(SUM(CASE WHEN NOT is_top_10 THEN interactions END), 0) "
            f"FROM marts.mart_support_interactions_monthly WHERE {SUPPORT_WHERE}",
            params,
        )[0]
        assert whole(metric(app, "Top 10 interactions")) == top_10
        assert whole(metric(app, "Everyone else")) == rest
        layer_filters = {
            "channel": kept[0],
            "category": kept[1],
            "representative": kept[2],
            "status": kept[3],
        }
        layer = query_metrics(
            MetricQuery(
                ("top_10_interactions", "top_10_share"),
                filters=layer_filters,
                since=f"{first:%Y-%m}",
                until=f"{last:%Y-%m}",
            ),
            snapshot,
        ).frame.iloc[0]
        assert whole(metric(app, "Top 10 interactions")) == layer["top_10_interactions"]
        share = metric(app, "Top 10 share")
        if top_10 + rest:
            assert share == f"{100 * top_10 / (top_10 + rest):.1f}%"
            assert share == f"{100 * layer['top_10_share']:.1f}%"

        # The last month's top 10, in rank order, with their filtered interactions.
        shown = table_after(app, f"**Top 10 of {last:%Y-%m}")
        ranking = sql(
            snapshot,
            "SELECT t.account_id, t.active_developer_licenses, COALESCE(SUM(s.interactions), 0) "
            "FROM marts.mart_top_developer_accounts_monthly AS t "
            "LEFT JOIN marts.mart_support_interactions_monthly AS s "
            "ON s.month_start = t.month_start AND s.account_id = t.account_id "
            "AND s.channel IN (SELECT UNNEST(?)) AND s.category IN (SELECT UNNEST(?)) "
            "AND s.service_rep_name IN (SELECT UNNEST(?)) AND s.status IN (SELECT UNNEST(?)) "
            "WHERE t.month_start = ? GROUP BY t.account_id, t.active_developer_licenses, "
            "t.developer_rank ORDER BY t.developer_rank",
            [*kept, last],
        )
        assert (
            list(
                zip(
                    shown["account_id"],
                    shown["active_developer_licenses"],
                    shown["interactions"],
                    strict=True,
                )
            )
            == ranking
        )

        segments = tables_with(app, "segment")[0]
        assert segments.loc[segments["segment"] == "Top 10", "interactions"].sum() == top_10
        assert segments.loc[segments["segment"] == "Everyone else", "interactions"].sum() == rest

        # Each breakdown in two of the scenarios.
        for dimension, label in breakdowns[number % 4 : number % 4 + 1]:
            app.selectbox(key="support_breakdown").set_value(dimension)
            app.run()
            assert_rendered(app)
            breakdown = tables_with(app, label)[0]
            assert breakdown["interactions"].sum() == top_10
            assert set(breakdown[label]) <= set(picked.get(dimension) or options[dimension])


def test_top_accounts_last_12_months_equal_the_monthly_activity(snapshot: Path) -> None:
    """The pre-aggregated table gives the slow-view issue's query over the monthly rows."""
    app = open_page("customer_service")
    assert_rendered(app)
    [shown] = [
        frame.value
        for frame in app.dataframe
        if list(frame.value.columns) == ["account_id", "interactions"]
    ]
    truth = sql(
        snapshot,
        DASHBOARD_QUERIES["top accounts last 12 months"].format(
            table="reporting.account_activity_monthly"
        ),
    )
    assert len(truth) == 10
    assert list(shown.itertuples(index=False, name=None)) == truth


# --- Features --------------------------------------------------------------------------------


def _month_start(day: date) -> date:
    return day.replace(day=1)


def test_features_numbers_equal_the_marts_for_every_filter(snapshot: Path) -> None:
    app = open_page("features")
    feature_keys = [
        row[0] for row in sql(snapshot, "SELECT feature_key FROM core.dim_features ORDER BY 1")
    ]
    reasons = [
        row[0]
        for row in sql(
            snapshot, "SELECT DISTINCT reason FROM marts.mart_unpaid_usage_monthly ORDER BY 1"
        )
    ]
    weeks = [
        row[0]
        for row in sql(
            snapshot, "SELECT DISTINCT week_start FROM marts.mart_feature_churn_weekly ORDER BY 1"
        )
    ]
    assert app.multiselect(key="features_reasons").options == reasons
    scenarios = [
        ((weeks[-26], weeks[-1]), [], []),
        ((weeks[0], weeks[-1]), ["sso"], ["used after downgrade"]),
        ((date(2024, 1, 1), date(2024, 6, 24)), ["api_access", "audit_log"], []),
        ((weeks[-8], weeks[-1]), [], ["feature never in plan", "account unknown"]),
        ((weeks[-1], weeks[-1]), ["daily_backups"], ["used after trial ended"]),
    ]
    for (first, last), picked_features, picked_reasons in scenarios:
        app.select_slider(key="features_weeks").set_range(first, last)
        app.multiselect(key="features_keys").set_value(picked_features)
        app.multiselect(key="features_reasons").set_value(picked_reasons)
        app.run()
        assert_rendered(app)
        keys = picked_features or feature_keys
        kept_reasons = picked_reasons or reasons

        access = tables_with(app, "customers_via_trial_only")[0]
        truth = dict(
            sql(
                snapshot,
                "SELECT feature_key, customers_with_access FROM marts.mart_feature_access_current "
                "WHERE feature_key IN (SELECT UNNEST(?))",
                [keys],
            )
        )
        assert (
            dict(zip(access["feature_key"], access["customers_with_access"], strict=True)) == truth
        )

        adoption = tables_with(app, "adopting_customers")[0]
        truth = dict(
            sql(
                snapshot,
                "SELECT feature_key, COUNT(*) FILTER (WHERE events_12w > 0) "
                "FROM marts.mart_feature_usage_intensity WHERE feature_key IN (SELECT UNNEST(?)) "
                "GROUP BY feature_key",
                [keys],
            )
        )
        assert (
            dict(zip(adoption["feature_key"], adoption["adopting_customers"], strict=True)) == truth
        )

        unpaid_events, all_events = sql(
            snapshot,
            "WITH months AS (SELECT usage_month, SUM(unpaid_events) AS unpaid, "
            "MAX(all_events) AS all_events FROM marts.mart_unpaid_usage_monthly "
            "WHERE usage_month BETWEEN ? AND ? AND reason IN (SELECT UNNEST(?)) GROUP BY 1) "
            "SELECT COALESCE(SUM(unpaid), 0), COALESCE(SUM(all_events), 0) FROM months",
            [_month_start(first), _month_start(last), kept_reasons],
        )[0]
        assert whole(metric(app, "Unpaid usage events")) == unpaid_events
        every_reason, all_events = sql(
            snapshot,
            "WITH months AS (SELECT usage_month, SUM(unpaid_events) AS unpaid, "
            "MAX(all_events) AS all_events FROM marts.mart_unpaid_usage_monthly "
            "WHERE usage_month BETWEEN ? AND ? GROUP BY 1) "
            "SELECT COALESCE(SUM(unpaid), 0), COALESCE(SUM(all_events), 0) FROM months",
            [_month_start(first), _month_start(last)],
        )[0]
        share = metric(app, "Unpaid share of all usage events (every reason)")
        if all_events:
            assert abs(float(share.rstrip("%")) - 100 * every_reason / all_events) <= 0.005
        else:
            assert share == "–"

        churned, lost, reactivated = sql(
            snapshot,
            "SELECT COALESCE(SUM(churned_accounts), 0), COALESCE(SUM(lost_access_accounts), 0), "
            "COALESCE(SUM(reactivated_accounts), 0) FROM marts.mart_feature_churn_weekly "
            "WHERE week_start BETWEEN ? AND ? AND feature_key IN (SELECT UNNEST(?))",
            [first, last, keys],
        )[0]
        assert whole(metric(app, "Churned (account x feature)")) == churned
        assert whole(metric(app, "Lost access")) == lost
        assert whole(metric(app, "Reactivated")) == reactivated
        churn = query_metrics(
            MetricQuery(
                ("churned_account_features", "lost_access_account_features"),
                filters={"feature": keys},
                since=str(first),
                until=str(last),
            ),
            snapshot,
        ).frame.iloc[0]
        assert (
            whole(metric(app, "Churned (account x feature)")) == churn["churned_account_features"]
        )
        assert whole(metric(app, "Lost access")) == churn["lost_access_account_features"]
        unpaid = query_metrics(
            MetricQuery(
                ("unpaid_usage_events",),
                filters={"reason": kept_reasons},
                since=f"{first:%Y-%m}",
                until=f"{last:%Y-%m}",
            ),
            snapshot,
        ).frame.iloc[0]
        assert whole(metric(app, "Unpaid usage events")) == unpaid["unpaid_usage_events"]


# --- Revenue ---------------------------------------------------------------------------------

MOVEMENT_COLUMNS = (
    "new_mrr",
    "expansion_mrr",
    "reactivation_mrr",
    "contraction_mrr",
    "churned_mrr",
)


def test_revenue_numbers_equal_the_marts_for_every_range(snapshot: Path) -> None:
    """Customers only: internal and test accounts are out of MRR and the paying count."""
    app = open_page("revenue")
    months = [
        row[0]
        for row in sql(snapshot, "SELECT mrr_month FROM marts.mart_mrr_summary_monthly ORDER BY 1")
    ]
    for first, last in (
        (months[-12], months[-1]),
        (months[0], months[-1]),
        (date(2021, 3, 1), date(2021, 3, 1)),
        (date(2024, 1, 1), date(2025, 6, 1)),
    ):
        app.select_slider(key="revenue_months").set_range(first, last)
        app.run()
        assert_rendered(app)
        ending, paying = sql(
            snapshot,
            "SELECT SUM(mrr), COUNT(CASE WHEN mrr > 0 THEN 1 END) FROM marts.mart_mrr_monthly "
            f"WHERE mrr_month = ? AND {CUSTOMERS}",
            [last],
        )[0]
        starting = scalar(
            snapshot,
            f"SELECT SUM(previous_mrr) FROM marts.mart_mrr_monthly WHERE mrr_month = ? AND {CUSTOMERS}",
            [first],
        )
        assert dollars(metric(app, f"MRR at the end of {last:%Y-%m}")) == cents(ending)
        assert dollars(metric(app, "ARR (12 x MRR)")) == cents(12 * ending)
        assert whole(metric(app, "Paying customers")) == paying
        assert dollars(metric(app, "Net new MRR over the months")) == cents(ending - starting)
        layer = query_metrics(
            MetricQuery(
                ("mrr", "arr", "paying_customers", "net_new_mrr"),
                since=f"{first:%Y-%m}",
                until=f"{last:%Y-%m}",
            ),
            snapshot,
        ).frame.iloc[0]
        assert dollars(metric(app, f"MRR at the end of {last:%Y-%m}")) == cents(layer["mrr"])
        assert dollars(metric(app, "ARR (12 x MRR)")) == cents(layer["arr"])
        assert whole(metric(app, "Paying customers")) == layer["paying_customers"]
        assert dollars(metric(app, "Net new MRR over the months")) == cents(layer["net_new_mrr"])

        summary = tables_with(app, "ending_mrr")[0]
        truth = sql(
            snapshot,
            "SELECT mrr_month, SUM(mrr), SUM(CASE WHEN mrr_movement = 'new' THEN mrr_change "
            "ELSE 0 END), -SUM(CASE WHEN mrr_movement = 'churn' THEN mrr_change ELSE 0 END) "
            f"FROM marts.mart_mrr_monthly WHERE mrr_month BETWEEN ? AND ? AND {CUSTOMERS} "
            "GROUP BY 1 ORDER BY 1",
            [first, last],
        )
        assert [
            (row.mrr_month, cents(row.ending_mrr), cents(row.new_mrr), cents(row.churned_mrr))
            for row in summary.itertuples()
        ] == [(m, cents(e), cents(n), cents(c)) for m, e, n, c in truth]
        # The waterfall's bars end where MRR ends: start + gains - losses = end.
        gains = sum(cents(summary[c].sum()) for c in MOVEMENT_COLUMNS[:3])
        losses = sum(cents(summary[c].sum()) for c in MOVEMENT_COLUMNS[3:])
        assert cents(summary.iloc[0]["starting_mrr"]) + gains - losses == cents(ending)


# --- Data quality ----------------------------------------------------------------------------


def test_data_quality_numbers_equal_the_quality_models(snapshot: Path) -> None:
    app = open_page("data_quality")
    raw, quarantined, deduplicated, orphans = sql(
        snapshot,
        "SELECT SUM(raw_rows), SUM(quarantined_rows), SUM(deduplicated_rows), "
        "SUM(orphan_account_rows) FROM quality.source_row_reconciliation",
    )[0]
    assert whole(metric(app, "Raw rows")) == raw
    assert whole(metric(app, "Quarantined")) == quarantined
    assert whole(metric(app, "Deduplicated")) == deduplicated
    assert whole(metric(app, "Orphan account rows")) == orphans

    orphan_ids = tables_with(app, "licenses")[0]["account_id"].tolist()
    assert orphan_ids == [
        row[0]
        for row in sql(
            snapshot,
            "SELECT DISTINCT account_id FROM core.dim_accounts WHERE is_inferred_member ORDER BY 1",
        )
    ]
    assert {6, 7, 35} <= set(orphan_ids)  # the brief's orphans
    orphans_table = tables_with(app, "licenses")[0]
    references = sql(
        snapshot,
        "SELECT a.account_id,"
        " (SELECT COUNT(*) FROM core.fct_interactions AS i WHERE i.account_id = a.account_id),"
        " (SELECT COUNT(*) FROM core.dim_licenses AS l WHERE l.account_id = a.account_id)"
        " FROM (SELECT DISTINCT account_id FROM core.dim_accounts WHERE is_inferred_member) AS a"
        " ORDER BY 1",
    )
    assert list(orphans_table.itertuples(index=False, name=None)) == references

    sources = [
        row[0]
        for row in sql(
            snapshot, "SELECT DISTINCT source_table FROM quality.quarantined_rows ORDER BY 1"
        )
    ]
    assert app.multiselect(key="quality_sources").options == sources
    for picked, limit in (
        ([], 100),
        (["customer_interactions"], 10),
        (["customer_licenses"], 5000),
    ):
        app.multiselect(key="quality_sources").set_value(picked)
        app.number_input(key="quality_limit").set_value(limit)
        app.run()
        assert_rendered(app)
        kept = picked or sources
        by_reason = tables_with(app, "quarantined_rows")[-1]
        truth = sql(
            snapshot,
            "SELECT source_table, reject_reason, COUNT(*) FROM quality.quarantined_rows "
            "WHERE source_table IN (SELECT UNNEST(?)) GROUP BY 1, 2",
            [kept],
        )
        assert set(by_reason.itertuples(index=False, name=None)) == set(truth)
        rows = tables_with(app, "raw_record")[0]
        assert len(rows) == min(limit, sum(count for _, _, count in truth))
        assert set(rows["source_table"]) <= set(kept)

    # Audits: one row per audit of every prod model, all passing on this build.
    audits, models = sql(
        snapshot, "SELECT COUNT(*), COUNT(DISTINCT model) FROM quality.audit_results"
    )[0]
    assert whole(metric(app, "Audits")) == audits
    assert whole(metric(app, "Models audited")) == models
    model_files = [
        path for path in (PROJECT_ROOT / "models").rglob("*") if path.suffix in {".sql", ".py"}
    ]
    assert models == len(model_files)  # every model has at least its grain audit
    assert metric(app, "Failing") == "0"
    assert len(tables_with(app, "audit_arguments")[0]) == audits
    app.toggle(key="quality_failing_only").set_value(True)
    app.run()
    assert_rendered(app)
    assert len(tables_with(app, "audit_arguments")[0]) == 0


# --- Parameters, never spliced values -------------------------------------------------------

HOSTILE = "web' OR '1'='1"


def test_filter_values_are_parameters_not_sql(snapshot: Path) -> None:
    months = queries.support_months(snapshot)
    everything = SupportFilters(
        months[0],
        months[-1],
        tuple(queries.support_options(snapshot, "channel")),
        tuple(queries.support_options(snapshot, "category")),
        tuple(queries.support_options(snapshot, "rep")),
        tuple(queries.support_options(snapshot, "status")),
    )
    assert queries.support_totals(snapshot, everything)["everyone_else"] > 0
    hostile = SupportFilters(
        months[0],
        months[-1],
        (HOSTILE,),
        everything.categories,
        everything.reps,
        ("resolved'); DROP TABLE marts.mart_support_interactions_monthly; --",),
    )
    hostile_totals = queries.support_totals(snapshot, hostile)
    assert pd.isna(hostile_totals.pop("top_10_share"))
    assert hostile_totals == {
        "top_10": 0,
        "everyone_else": 0,
        "top_10_resolved": 0,
        "top_10_open_at_month_end": 0,
    }
    assert billing_queries.billing_lines(snapshot, months[-1], ["card' OR '1'='1"]).empty
    assert table_exists(snapshot, "marts", "mart_support_interactions_monthly")


# --- Forecast --------------------------------------------------------------------------------


def test_forecast_numbers_equal_the_forecast_models(snapshot: Path) -> None:
    app = open_page("forecast")
    series = [
        row[0]
        for row in sql(snapshot, "SELECT DISTINCT series FROM forecast.monthly_forecast ORDER BY 1")
    ]
    assert series == ["interactions", "mrr"]
    assert app.selectbox(key="forecast_series").options == [
        "Interactions per month",
        "MRR (USD)",
    ]
    for name in series:
        for history in ("2 years", "5 years", "All"):
            app.selectbox(key="forecast_series").set_value(name)
            app.select_slider(key="forecast_history").set_value(history)
            app.run()
            assert_rendered(app)
            future = sql(
                snapshot,
                "SELECT month, forecast, lower_95, upper_95 FROM forecast.monthly_forecast "
                "WHERE series = ? AND is_forecast ORDER BY month",
                [name],
            )
            assert len(future) == 6
            (first_month, first, _, _), (last_month, last, _, _) = future[0], future[-1]
            shown_first = metric(app, f"Forecast for {first_month:%Y-%m}")
            shown_last = metric(app, f"Forecast for {last_month:%Y-%m}")
            if name == "mrr":
                assert dollars(shown_first) == cents(first)
                assert dollars(shown_last) == cents(last)
            else:
                assert whole(shown_first) == round(first)
                assert whole(shown_last) == round(last)
            months = table_after(app, "**Forecast months")
            assert [
                (row.month, row.forecast, row.lower_95, row.upper_95) for row in months.itertuples()
            ] == future

            mape = scalar(
                snapshot, "SELECT mape FROM forecast.forecast_accuracy WHERE series = ?", [name]
            )
            assert mape is not None and mape >= 0
            assert metric(app, "Backtest MAPE (last 6 known months)") == f"{mape:.1f}%"
            backtest = tables_with(app, "abs_pct_error")[0]
            truth = sql(
                snapshot,
                "SELECT month, actual, forecast, abs_pct_error FROM forecast.forecast_backtest "
                "WHERE series = ? ORDER BY month",
                [name],
            )
            assert len(truth) == 6
            assert [
                (row.month, row.actual, row.forecast, row.abs_pct_error)
                for row in backtest.itertuples()
            ] == truth
            # The backtest's MAPE is the mean of its absolute percentage errors.
            assert abs(sum(row[3] for row in truth) / len(truth) - mape) < 1e-9
