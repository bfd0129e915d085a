"""`dogdb ui-warehouse`: a private copy of the warehouse for `sqlmesh ui` (`make ui`).

The command line only; the work is done in dogdb_analytics.publishing.ui_copy.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from dogdb_analytics.commands.options import add_warehouse_argument
from dogdb_analytics.publishing.ui_copy import UI_FOLDER, copy_for_ui


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_warehouse_argument(parser)
    parser.add_argument(
        "--out",
        type=Path,
        help=f"the copy (default: {UI_FOLDER}/<warehouse file name> beside the warehouse)",
    )


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    target = copy_for_ui(args.warehouse, args.out)
    print(f"Copied {args.warehouse} to {target} in {time.perf_counter() - started:.1f} s")
    return 0
