"""`dogdb slow-view-scenario`: the slow view's fix, planned and proven in a dev environment.

The command line only; the work is done in dogdb_analytics.scenarios.slow_view.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import warnings
from pathlib import Path

from dogdb_analytics.scenarios.slow_view import print_report, run_scenario


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scale", default="small", help="generator scale (sample|small|medium)")
    parser.add_argument("--seed", type=int, default=42, help="generator seed")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query and side")
    parser.add_argument("--workdir", type=Path, help="keep the throwaway copy here")


def run(args: argparse.Namespace) -> int:
    # table_diff logs each statement at the context logger's level; keep the report readable.
    logging.getLogger("sqlmesh.core.engine_adapter.base").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module="sqlmesh.core.model.definition")
    if args.workdir:
        workdir = args.workdir
        result = run_scenario(workdir, args.scale, args.seed, args.runs)
    else:
        with tempfile.TemporaryDirectory(prefix="dogdb-slow-view-") as tmp:
            result = run_scenario(Path(tmp), args.scale, args.seed, args.runs)
    print_report(result, args.scale)
    if not result.ok:
        print("FAILED: the fix differs from the legacy view or promotion recomputed models.")
        return 1
    return 0
