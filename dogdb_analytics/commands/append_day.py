"""`dogdb append-day`: append the next day of the app's extract (and its in-place changes)."""

from __future__ import annotations

import argparse
import time

from dogdb_analytics.commands.options import add_warehouse_argument
from dogdb_analytics.generate.daily_append import append_day


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_warehouse_argument(parser)
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    added = append_day(args.warehouse, seed=args.seed)
    print(f"Appended {added['day']} to {args.warehouse} in {time.perf_counter() - started:.1f} s:")
    for key, value in added.items():
        if key != "day":
            print(f"  {key:<28} {value:>10,}")
    return 0
