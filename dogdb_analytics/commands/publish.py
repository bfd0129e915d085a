"""`dogdb publish`: the read-only snapshot of prod that dashboards and analysts read.

The command line only; the work is done in dogdb_analytics.publishing.snapshot.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb

from dogdb_analytics.commands.options import add_warehouse_argument
from dogdb_analytics.publishing.audit_results import (
    AUDIT_RESULTS_TABLE,
)
from dogdb_analytics.publishing.snapshot import SNAPSHOT_NAME, default_snapshot, publish


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_warehouse_argument(parser)
    parser.add_argument(
        "--snapshot", type=Path, help=f"published file (default: {SNAPSHOT_NAME} beside it)"
    )
    parser.add_argument(
        "--no-audits",
        action="store_true",
        help="do not run the models' audits against prod (quality.audit_results is left out)",
    )


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    counts = publish(args.warehouse, args.snapshot, record_audits=not args.no_audits)
    target = args.snapshot or default_snapshot(args.warehouse)
    print(
        f"Published {len(counts)} tables ({sum(counts.values()):,} rows) to {target} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    if not args.no_audits:
        schema, table = AUDIT_RESULTS_TABLE
        with duckdb.connect(str(target), read_only=True) as connection:
            audits, failing = connection.execute(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE failing_rows > 0) "
                f'FROM "{schema}"."{table}"'
            ).fetchone()
        print(f"Audits run against prod: {audits}, failing: {failing} ({schema}.{table})")
    return 0
