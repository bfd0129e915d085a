"""The growth curve: what the daily run costs after 1, 2, 4 and 7 years of history.

Each point is the same company at a different age: an extract that starts on the generator's
first day (2019-01-01) and ends `years` later, at one density (by default `medium`'s rows per year
of history: its accounts, interactions and usage events scaled by years / medium's 7.8 years).
The generator spreads account creation so that, at a density proportional to the years, about
as many accounts are created in the extract's last days whatever its length, so the appended day
is about the same size at every point and only the history grows.

Per point: generate, build prod as of the midnight after the last day (a Sunday, as in the
scale benchmark), append one day (Monday), `sqlmesh run` as of Tuesday 00:00 in a fresh process.
The run after start-up (the figure that must stay flat) is shown beside the process's wall time.
"""

from __future__ import annotations

import shutil
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from dogdb_analytics.bench.processes import run_python_module
from dogdb_analytics.bench.warehouse_copies import WAREHOUSE_NAME, fresh_copy
from dogdb_analytics.generate import append_day, generate_sources
from dogdb_analytics.generate.customer_accounts import HISTORY_START
from dogdb_analytics.generate.scales import Scale, get_scale
from dogdb_analytics.warehouse import PROJECT_ROOT, execution_time_after

GROWTH_YEARS = (1, 2, 4, 7)
DENSITY_END = date(2026, 11, 1)  # the end of the scale benchmark's extract, whose density is used
FLAT_RATIO = 1.5  # issue 19: the daily run after start-up within 1.5x from 1 to 7 years


def history_end(years: int) -> date:
    """The last day of an extract with `years` of history: the Sunday on or before the
    anniversary, so that the build runs on a Monday and the daily run on an ordinary Tuesday."""
    start = date.fromisoformat(HISTORY_START)
    anniversary = start.replace(year=start.year + years) - timedelta(days=1)
    return anniversary - timedelta(days=(anniversary.weekday() + 1) % 7)


def scale_for(years: int, density: str = "medium") -> Scale:
    """`density`'s volumes per year of history, for `years` of history."""
    base = get_scale(density)
    base_years = (DENSITY_END - date.fromisoformat(HISTORY_START)).days / 365.25
    share = years / base_years
    return Scale(
        f"{density}-{years}y",
        max(1, round(base.accounts * share)),
        max(1, round(base.interactions * share)),
        max(1, round(base.usage_events * share)),
    )


@dataclass
class GrowthPoint:
    years: int
    end_date: date
    raw_rows: int
    build_s: float
    daily_wall: list[float] = field(default_factory=list)
    daily_inner: list[float] = field(default_factory=list)
    batches: int = 0
    peak_rss_mb: float = 0.0
    slowest: list[list[object]] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def daily_inner_median(self) -> float:
        return statistics.median(self.daily_inner)


def measure_point(years: int, workdir: Path, density: str = "medium", runs: int = 3) -> GrowthPoint:
    root = workdir / f"growth-{years}y"
    shutil.rmtree(root, ignore_errors=True)
    end = history_end(years)
    raw = root / "raw" / WAREHOUSE_NAME
    raw.parent.mkdir(parents=True)
    counts = generate_sources(raw, scale=scale_for(years, density), end_date=end)
    built = fresh_copy(raw, root / "build")
    build_args = ["build", "--warehouse", str(built), "--execution-time"]
    build = run_python_module(
        "dogdb_analytics.bench.worker", [*build_args, execution_time_after(end)], PROJECT_ROOT
    )
    point = GrowthPoint(years, end, sum(counts.values()), build.wall_seconds)
    for _ in range(runs):
        daily = fresh_copy(built, root / "daily")
        append_day(daily, day=end + timedelta(days=1))
        outcome = run_python_module(
            "dogdb_analytics.bench.worker",
            [
                "run",
                "--warehouse",
                str(daily),
                "--execution-time",
                execution_time_after(end + timedelta(days=1)),
            ],
            PROJECT_ROOT,
        )
        point.daily_wall.append(outcome.wall_seconds)
        point.daily_inner.append(float(outcome.report["step_s"]))
        point.batches = int(outcome.report.get("batches", 0))
        point.peak_rss_mb = max(point.peak_rss_mb, outcome.peak_rss_mb)
        point.slowest = list(outcome.report.get("slowest", []))
        point.phases = dict(outcome.report.get("phases", {}))
    return point


def growth_curve(
    workdir: Path,
    density: str = "medium",
    years: tuple[int, ...] = GROWTH_YEARS,
    runs: int = 3,
    log: Callable[[str], None] = print,
    keep: bool = True,
) -> list[GrowthPoint]:
    """One point per number of years; `keep=False` removes each point's warehouses after it."""
    points = []
    for count in years:
        log(f"[growth] {count} year(s) of history at {density} density")
        points.append(measure_point(count, workdir, density, runs))
        if not keep:
            shutil.rmtree(workdir / f"growth-{count}y", ignore_errors=True)
    return points


def growth_ratio(points: list[GrowthPoint]) -> float:
    """The daily run after start-up with the most history over the one with the least."""
    return points[-1].daily_inner_median / points[0].daily_inner_median


def render_growth(points: list[GrowthPoint], density: str = "medium") -> str:
    first = points[0].daily_inner_median
    lines = [
        f"## Growth curve: the daily run as history grows ({density} density)",
        "",
        "Method: docs/benchmarks.md (Growth curve). Daily run = `sqlmesh run` after one appended "
        "day, in a fresh process; median of the runs.",
        "",
        "| years of history | last day | raw rows | full build | daily run | after start-up "
        "| vs 1st point | batches | peak memory |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in points:
        lines.append(
            f"| {p.years} | {p.end_date.isoformat()} | {p.raw_rows:,} | {p.build_s:.1f} s "
            f"| {statistics.median(p.daily_wall):.2f} s | {p.daily_inner_median:.2f} s "
            f"| {p.daily_inner_median / first:.2f}x | {p.batches} | {p.peak_rss_mb:,.0f} MB |"
        )
    ratio = growth_ratio(points)
    met = "met" if ratio <= FLAT_RATIO else "NOT met"
    lines += [
        "",
        f"Target: daily run after start-up within {FLAT_RATIO}x from {points[0].years} to "
        f"{points[-1].years} years: {ratio:.2f}x, {met}.",
        "",
        "Slowest models of the daily run with the most history (last run): "
        + ", ".join(f"{m} {s:.1f} s" for m, s in points[-1].slowest),
        "",
        "Where that run's time went (seconds): "
        + ", ".join(f"{phase} {seconds:.2f}" for phase, seconds in points[-1].phases.items()),
    ]
    return "\n".join(lines) + "\n"
