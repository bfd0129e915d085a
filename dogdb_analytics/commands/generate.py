"""`dogdb generate`: (re)create the app's tables at a scale, in the app database (default) or
straight in the warehouse's raw schema (the direct path the test fixtures use)."""

from __future__ import annotations

import argparse
import time
from datetime import date

from dogdb_analytics.commands.options import add_warehouse_argument
from dogdb_analytics.generate.scales import SCALES
from dogdb_analytics.generate.sources import DEFAULT_END_DATE, generate_sources


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scale", choices=list(SCALES), default="small", help="size of the data")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=DEFAULT_END_DATE,
        help=f"last day of the extract (YYYY-MM-DD, default {DEFAULT_END_DATE.isoformat()})",
    )
    add_into_argument(parser)
    add_warehouse_argument(parser)


def add_into_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--into",
        choices=("app", "warehouse"),
        default="app",
        help="app: the app database the environment names (DOGDB_APP_PG_*, else the embedded "
        "SQLite file beside the warehouse), loaded by `dogdb load`; warehouse: its raw schema",
    )


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.into == "app":
        from dogdb_analytics.ingestion.app_database import app_database_from_env
        from dogdb_analytics.ingestion.app_writer import generate_app_database

        app = app_database_from_env(args.warehouse)
        counts = generate_app_database(app, args.scale, args.seed, args.end_date)
        target, prefix = app.describe(), ""
    else:
        counts = generate_sources(args.warehouse, args.scale, args.seed, args.end_date)
        target, prefix = str(args.warehouse), "raw."
    seconds = time.perf_counter() - started
    print(f"Generated scale '{args.scale}' (seed {args.seed}) into {target}:")
    for table, rows in counts.items():
        print(f"  {prefix + table:<28} {rows:>13,}")
    print(f"  in {seconds:.1f} s")
    return 0
