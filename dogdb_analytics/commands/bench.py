"""`dogdb bench`: measure the foundation's costs per scale (with --growth, the daily run as history
grows; with --load, the load from the app database) and write bench/results.md."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from dogdb_analytics.bench.growth import GROWTH_YEARS, GrowthPoint, growth_curve
from dogdb_analytics.bench.load_timing import time_load
from dogdb_analytics.bench.processes import error_summary
from dogdb_analytics.bench.report import render_report
from dogdb_analytics.bench.scale_benchmark import ScaleResult, benchmark_scale
from dogdb_analytics.generate.scales import SCALES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scales",
        default="small,medium,large",
        help="comma-separated scales to measure (default: small,medium,large; xlarge is measured "
        "once, without the baseline scripts; '' for none)",
    )
    parser.add_argument(
        "--growth",
        action="store_true",
        help="also measure the growth curve: the daily run after "
        + ", ".join(str(y) for y in GROWTH_YEARS)
        + " years of history",
    )
    parser.add_argument(
        "--growth-density",
        default="medium",
        choices=[name for name, scale in SCALES.items() if not scale.is_sample],
        help="rows per year of history of the growth curve's extracts (default medium)",
    )
    parser.add_argument(
        "--load",
        default="",
        help="comma-separated scales whose load from the app database to time: generate into the "
        "app, full load, one day of app changes and its load (e.g. medium,large; default none)",
    )
    parser.add_argument(
        "--load-apps",
        default="sqlite,postgres",
        help="the app databases of --load: sqlite (embedded), postgres (a throwaway server with "
        "the read-only load role); default both",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of every step under a minute (default 3)"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("bench/results.md"), help="the Markdown report to write"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where the throwaway warehouses go (default: a temporary directory, each scale's "
        "removed once measured; a given --workdir is kept)",
    )


def run(args: argparse.Namespace) -> int:
    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    load_scales = [s.strip() for s in args.load.split(",") if s.strip()]
    load_apps = [a.strip() for a in args.load_apps.split(",") if a.strip()]
    unknown = [s for s in scales + load_scales if s not in SCALES]
    if unknown or not (scales or args.growth or load_scales):
        print(f"error: unknown scale(s) {unknown}; choose from {', '.join(SCALES)}")
        return 2
    if set(load_apps) - {"sqlite", "postgres"} or not load_apps:
        print(f"error: --load-apps takes sqlite and/or postgres, not {args.load_apps!r}")
        return 2
    if args.runs < 1:
        print("error: --runs must be at least 1")
        return 2
    keep = args.workdir is not None
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="dogdb-bench-"))
    results: list[ScaleResult] = []
    failed: dict[str, str] = {}
    growth: list[GrowthPoint] | None = None
    loads: list[dict[str, float | int | str]] = []

    def write() -> str:
        # after every scale, so that an unattended run that stops later keeps what it measured
        report = render_report(
            results,
            growth=growth,
            growth_density=args.growth_density,
            failed=failed,
            loads=loads,
        )
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report)
        return report

    try:
        if args.growth:
            # first: a quarter of an hour, where large and xlarge take an hour or more each, so
            # that a run stopped before its end still has the curve
            try:
                growth = growth_curve(
                    workdir, density=args.growth_density, runs=args.runs, keep=keep
                )
            except RuntimeError as error:
                failed["growth"] = error_summary(error)
                print(f"[growth] failed: {failed['growth']}")
            write()
        for scale in scales:
            try:
                results.append(benchmark_scale(scale, workdir, runs=args.runs))
            except RuntimeError as error:  # a SQLMesh step failed: report it, go on
                failed[scale] = error_summary(error)
                print(f"[{scale}] failed: {failed[scale]}")
            if not keep:  # large and xlarge leave 15-30 GB of warehouse copies
                shutil.rmtree(workdir / scale, ignore_errors=True)
            write()
        for scale in load_scales:
            for app in load_apps:
                try:
                    loads.append(time_load(scale, postgres=app == "postgres"))
                except Exception as error:  # a failed load (or server) is reported, not fatal
                    failed[f"load {scale} ({app})"] = error_summary(error)
                write()
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(write())
    print(f"written to {args.out}")
    return 1 if failed else 0
