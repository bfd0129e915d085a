"""The growth curve's extracts (history length, density) and its report, without builds: a build
per point costs more than this test may (the curve itself runs in `dogdb bench --growth`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from dogdb_analytics.bench.growth import (
    GrowthPoint,
    growth_ratio,
    history_end,
    render_growth,
    scale_for,
)
from dogdb_analytics.bench.processes import error_summary
from dogdb_analytics.bench.report import render_report
from dogdb_analytics.generate import generate_sources


def test_each_history_ends_on_the_sunday_before_its_anniversary() -> None:
    # 2019-12-31 is a Tuesday, 2020-12-31 a Thursday, 2022-12-31 and 2025-12-31 a Saturday and a
    # Wednesday: the Sundays before are the 29th, 27th, 25th and 28th.
    assert [history_end(y) for y in (1, 2, 4, 7)] == [
        date(2019, 12, 29),
        date(2020, 12, 27),
        date(2022, 12, 25),
        date(2025, 12, 28),
    ]


def test_density_is_the_scales_rows_per_year_of_history() -> None:
    # medium covers 2019-01-01..2026-11-01: 2861 days, 7.833 years; 7 of them hold 7/7.833 of
    # its 50,000 accounts (44,683), 1,000,000 interactions and 10,000,000 usage events.
    seven = scale_for(7, "medium")
    assert (seven.accounts, seven.interactions, seven.usage_events) == (
        44_683,
        893_656,
        8_936_561,
    )
    one = scale_for(1, "small")  # 2,000 / 7.833 = 255.3; 40,000 / 7.833 = 5,106.6
    assert (one.accounts, one.interactions) == (255, 5_107)


def test_a_one_year_extract_stops_at_its_last_day(tmp_path: Path) -> None:
    warehouse = tmp_path / "dogdb.duckdb"
    end = history_end(1)
    counts = generate_sources(warehouse, scale=scale_for(1, "small"), end_date=end)
    # the generated accounts (ids from 100) plus the brief's three sample accounts
    assert counts["customer_accounts"] >= 255 + 3
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        generated_accounts, last_created = connection.execute(
            "SELECT count(DISTINCT account_id), max(created_at) FROM raw.customer_accounts "
            "WHERE account_id >= 100"
        ).fetchone()
        last_interaction = connection.execute(
            "SELECT max(created_at) FROM raw.customer_interactions WHERE account_id >= 100"
        ).fetchone()[0]
    assert generated_accounts == 255
    assert last_created.date() <= end
    assert last_interaction.date() <= end


def _point(years: int, inner: list[float]) -> GrowthPoint:
    return GrowthPoint(
        years=years,
        end_date=history_end(years),
        raw_rows=1000 * years,
        build_s=10.0 * years,
        daily_wall=[value + 5 for value in inner],
        daily_inner=inner,
        batches=23,
        peak_rss_mb=500.0,
        slowest=[["core.fct_interactions", 1.0]],
        phases={"model queries (batches)": 2.0, "audits": 1.0},
    )


def test_report_shows_the_ratio_to_the_first_point_and_the_verdict() -> None:
    # medians: 4.0 s at 1 year, 5.0 s at 7 years (runs 5, 6, 4 -> 5): 1.25x, within 1.5x
    points = [_point(1, [4.0, 3.0, 4.5]), _point(7, [5.0, 6.0, 4.0])]
    assert growth_ratio(points) == 1.25
    report = render_growth(points)
    assert "| 7 | 2025-12-28 | 7,000 | 70.0 s | 10.00 s | 5.00 s | 1.25x | 23 | 500 MB |" in report
    assert "1.25x, met." in report
    # 7.0 s at 7 years: 1.75x, not within 1.5x
    slower = [_point(1, [4.0]), _point(7, [7.0])]
    assert "1.75x, NOT met." in render_growth(slower)


def test_an_unattended_run_reports_what_failed_beside_what_it_measured() -> None:
    error = RuntimeError(
        "benchmark step `dogdb_analytics.bench.worker build` failed (1):\n"
        "Traceback (most recent call last):\n"
        "duckdb.OutOfMemoryException: Out of Memory Error: failed to allocate 16 MiB (4 GiB used)"
    )
    summary = error_summary(error)
    assert summary.startswith("duckdb.OutOfMemoryException: Out of Memory Error")
    report = render_report([], growth=[_point(1, [4.0])], failed={"xlarge": summary})
    assert "## Failed" in report
    assert f"- xlarge: {summary}" in report
    assert "| 1 | 2019-12-29 |" in report  # the growth curve that was measured is still there
