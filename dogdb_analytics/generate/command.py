"""`dogdb generate` and `dogdb append-day`."""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from dogdb_analytics.generate.daily_append import append_day
from dogdb_analytics.generate.scales import SCALES
from dogdb_analytics.generate.sources import timed_generation
from dogdb_analytics.warehouse import DEFAULT_WAREHOUSE


def _warehouse_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="DuckDB warehouse file"
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")


def add_generate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scale", choices=list(SCALES), default="small", help="size of the data")
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=date(2026, 10, 31),
        help="last day of the extract (YYYY-MM-DD, default 2026-10-31)",
    )
    _warehouse_argument(parser)


def run_generate(args: argparse.Namespace) -> int:
    counts, seconds = timed_generation(args.warehouse, args.scale, args.seed, args.end_date)
    print(f"Generated scale '{args.scale}' (seed {args.seed}) into {args.warehouse}:")
    for table, rows in counts.items():
        print(f"  raw.{table:<24} {rows:>13,}")
    print(f"  in {seconds:.1f} s")
    return 0


def add_append_arguments(parser: argparse.ArgumentParser) -> None:
    _warehouse_argument(parser)


def run_append(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    added = append_day(args.warehouse, seed=args.seed)
    print(f"Appended {added['day']} to {args.warehouse} in {time.perf_counter() - started:.1f} s:")
    for key, value in added.items():
        if key != "day":
            print(f"  {key:<28} {value:>10,}")
    return 0
