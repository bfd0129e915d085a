"""`dogdb bench`: measure the foundation's costs per scale and write bench/results.md."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from dogdb_analytics.bench.report import render_report
from dogdb_analytics.bench.scale_benchmark import benchmark_scale
from dogdb_analytics.generate.scales import SCALES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scales",
        default="small,medium,large",
        help="comma-separated scales to measure (default: small,medium,large)",
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
        help="where the throwaway warehouses go (default: a temporary directory, removed after)",
    )


def run(args: argparse.Namespace) -> int:
    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    unknown = [s for s in scales if s not in SCALES]
    if unknown or not scales:
        print(f"error: unknown scale(s) {unknown}; choose from {', '.join(SCALES)}")
        return 2
    if args.runs < 1:
        print("error: --runs must be at least 1")
        return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="dogdb-bench-"))
    try:
        results = [benchmark_scale(scale, workdir, runs=args.runs) for scale in scales]
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    report = render_report(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)
    print(report)
    print(f"written to {args.out}")
    return 0
