"""The metrics HTTP API on loopback: definitions, JSON and CSV answers with their SQL in other
dialects and their publication, 400 on bad input. Its 20 concurrent clients while the daily job
writes and publishes are in test_concurrent_readers.py."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dogdb_analytics.bench.api_latency import fetch, serving
from dogdb_analytics.semantic.definitions import default_catalog
from dogdb_analytics.semantic.metrics import MetricQuery, query_metrics


@pytest.fixture(scope="module")
def api(published_small_snapshot: Path) -> Iterator[str]:
    with serving(published_small_snapshot) as base:
        yield base


def _json(base: str, path: str) -> tuple[int, dict]:
    sample = fetch(base, path)
    return sample.status, json.loads(sample.body)


def _published_at(snapshot: Path) -> str:
    with duckdb.connect(str(snapshot), read_only=True) as connection:
        value = connection.execute(
            "SELECT MAX(published_at AT TIME ZONE 'UTC') FROM main.publication"
        ).fetchone()[0]
    return value.isoformat()


def test_lists_every_metric_with_its_definition(api: str, published_small_snapshot: Path) -> None:
    status, body = _json(api, "/metrics")
    assert status == 200 and body["published_at"] == _published_at(published_small_snapshot)
    listed = {m["name"]: m for m in body["metrics"]}
    catalog = default_catalog()
    assert set(listed) == set(catalog.metrics)
    assert listed["mrr"]["kind"] == "semi_additive"
    assert listed["mrr"]["grains"] == ["month", "quarter", "year"]
    assert listed["interactions"]["dimensions"] == list(catalog.metrics["interactions"].dimensions)
    status, one = _json(api, "/metrics/arpa")
    assert status == 200 and one["kind"] == "ratio" and one["published_at"]
    assert fetch(api, "/docs").status == 200 and fetch(api, "/openapi.json").status == 200


def test_query_json_and_csv_equal_the_python_api(api: str, published_small_snapshot: Path) -> None:
    path = "/query?metrics=mrr,paying_customers&by=month,plan&since=2026-08&filter=plan:Medium"
    status, body = _json(api, path)
    assert status == 200
    expected = query_metrics(
        MetricQuery(
            ("mrr", "paying_customers"),
            by=("month", "plan"),
            since="2026-08",
            filters={"plan": ["Medium"]},
        ),
        published_small_snapshot,
    ).frame
    assert [r["paying_customers"] for r in body["rows"]] == expected["paying_customers"].tolist()
    assert [r["month"] for r in body["rows"]] == [d.isoformat() for d in expected["month"]]
    assert {r["plan"] for r in body["rows"]} == {"Medium"}
    assert set(body["transpiled"]) == {"postgres", "spark", "snowflake"}
    assert "semantic.customer_months" in body["sql"]
    csv = fetch(api, path + "&format=csv")
    assert csv.status == 200 and csv.published_at == body["published_at"]
    lines = csv.body.decode().splitlines()
    assert lines[0] == "month,plan,mrr,paying_customers" and len(lines) == len(body["rows"]) + 1


def test_paying_count_is_the_same_in_the_api_and_the_metric(
    api: str, published_small_snapshot: Path
) -> None:
    status, body = _json(api, "/query?metrics=paying_customers&by=month&since=2026-10")
    with duckdb.connect(str(published_small_snapshot), read_only=True) as connection:
        paying = connection.execute(
            "SELECT COUNT(*) FROM marts.mart_mrr_monthly WHERE mrr_month = DATE '2026-10-01' "
            "AND mrr > 0 AND account_id NOT IN "
            "(SELECT account_id FROM core.dim_accounts WHERE is_internal_account)"
        ).fetchone()[0]
    assert status == 200 and body["rows"] == [{"month": "2026-10-01", "paying_customers": paying}]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"metrics": "revenue"}, "Valid metrics"),
        ({"metrics": "mrr", "by": "channel"}, "It can be cut by: plan, segment"),
        ({"metrics": "mrr", "by": "week"}, "Its time grains: month, quarter, year"),
        ({"metrics": "mrr", "filter": "plan"}, "DIMENSION:VALUE"),
        ({"metrics": "interactions", "filter": "top_10:maybe"}, "true or false"),
        ({"metrics": "mrr", "since": "2026-09", "until": "2026-01"}, "before it starts"),
        ({"metrics": "mrr", "since": "2026-09'; DROP TABLE x"}, "YYYY-MM"),
        ({"metrics": "mrr", "format": "xml"}, "format"),
        ({"by": "month"}, "metrics"),
    ],
)
def test_bad_requests_are_400_with_the_layers_message(api: str, query: dict, message: str) -> None:
    status, body = _json(api, "/query?" + urllib.parse.urlencode(query))
    assert status == 400 and message in body["error"]


def test_paying_count_in_the_mrr_summary_mart_equals_the_metric(
    api: str, published_small_snapshot: Path
) -> None:
    status, body = _json(api, "/query?metrics=paying_customers,mrr&by=month&since=2026-10")
    with duckdb.connect(str(published_small_snapshot), read_only=True) as connection:
        paying, ending = connection.execute(
            "SELECT ending_paying_accounts, ending_mrr FROM marts.mart_mrr_summary_monthly "
            "WHERE mrr_month = DATE '2026-10-01'"
        ).fetchone()
    assert status == 200
    assert body["rows"][0]["paying_customers"] == paying
    assert body["rows"][0]["mrr"] == float(ending)
