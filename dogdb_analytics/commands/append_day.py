"""`dogdb append-day`: the next day of the app's data, in the app database (default: inserts,
in-place updates and deletions, as the app makes them) or straight in the warehouse's raw schema."""

from __future__ import annotations

import argparse
import time

from dogdb_analytics.commands.generate import add_into_argument
from dogdb_analytics.commands.options import add_warehouse_argument
from dogdb_analytics.generate.daily_append import append_day


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_warehouse_argument(parser)
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    add_into_argument(parser)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.into == "app":
        from dogdb_analytics.ingestion.app_database import app_database_from_env
        from dogdb_analytics.ingestion.app_day import append_app_day

        app = app_database_from_env(args.warehouse)
        added, target = append_app_day(app, seed=args.seed), app.describe()
    else:
        added, target = append_day(args.warehouse, seed=args.seed), str(args.warehouse)
    print(f"Appended {added['day']} to {target} in {time.perf_counter() - started:.1f} s:")
    for key, value in added.items():
        if key != "day":
            print(f"  {key:<32} {value:>10,}" if isinstance(value, int) else f"  {key:<32} {value}")
    return 0
