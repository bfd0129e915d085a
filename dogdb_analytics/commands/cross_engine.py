"""`dogdb cross-engine`: build the project on DuckDB and on PostgreSQL or Spark from the same
generated data, compare every checked model row by row, and report the build times.

The command line only; the work is done in dogdb_analytics.engines.cross_engine.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from dogdb_analytics.engines.cross_engine import ENGINES, run_cross_engine
from dogdb_analytics.engines.cross_engine_check import (
    EnginesDisagree,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=ENGINES, required=True, help="engine to compare")
    parser.add_argument(
        "--scales", default="sample,small", help="comma-separated scales (default sample,small)"
    )
    parser.add_argument(
        "--workdir", type=Path, default=None, help="where to build (default: a temp dir, deleted)"
    )


def run(args: argparse.Namespace) -> int:
    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    work_dir = args.workdir or Path(tempfile.mkdtemp(prefix=f"dogdb-{args.engine}-"))
    started = time.perf_counter()
    try:
        results = run_cross_engine(args.engine, scales, work_dir)
    except EnginesDisagree as error:
        print(error)
        return 1
    finally:
        if args.workdir is None:
            shutil.rmtree(work_dir, ignore_errors=True)
    print(f"{args.engine} and duckdb agree on every checked model at {', '.join(scales)}:")
    for result in results:
        print(f"  {result.summary()}")
    print(f"in {time.perf_counter() - started:.0f} s")
    return 0
