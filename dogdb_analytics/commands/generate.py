"""`dogdb generate`: (re)create the app's raw extract at a scale."""

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
    add_warehouse_argument(parser)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    counts = generate_sources(args.warehouse, args.scale, args.seed, args.end_date)
    seconds = time.perf_counter() - started
    print(f"Generated scale '{args.scale}' (seed {args.seed}) into {args.warehouse}:")
    for table, rows in counts.items():
        print(f"  raw.{table:<24} {rows:>13,}")
    print(f"  in {seconds:.1f} s")
    return 0
