"""`dogdb summary`: what the last prod build holds, model by model.

The command line only; the work is done in dogdb_analytics.reports.build_summary.
"""

from __future__ import annotations

import argparse

from dogdb_analytics.commands.options import add_warehouse_argument
from dogdb_analytics.reports.build_summary import summarize


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_warehouse_argument(parser)


def run(args: argparse.Namespace) -> int:
    rows = summarize(args.warehouse)
    width = max(len(name) for name, _, _ in rows)
    print(f"Prod build in {args.warehouse}:")
    print(f"{'model'.ljust(width)}  {'kind'.ljust(26)}  {'rows':>12}")
    for name, kind, count in rows:
        print(f"{name.ljust(width)}  {kind.ljust(26)}  {count:>12,}")
    return 0
