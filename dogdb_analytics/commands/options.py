"""Arguments that several commands share, declared once."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from dogdb_analytics.warehouse import DEFAULT_WAREHOUSE


def default_warehouse() -> Path:
    """The warehouse a command works on unless told otherwise: $DOGDB_WAREHOUSE (which the
    Makefile exports), else the project's default file."""
    return Path(os.environ.get("DOGDB_WAREHOUSE", str(DEFAULT_WAREHOUSE)))


def add_warehouse_argument(parser: argparse.ArgumentParser) -> None:
    """`--warehouse`: the DuckDB warehouse file."""
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=default_warehouse(),
        help=f"DuckDB warehouse file (default: $DOGDB_WAREHOUSE, else {DEFAULT_WAREHOUSE})",
    )


def add_snapshot_argument(parser: argparse.ArgumentParser) -> None:
    """`--snapshot` (and `--warehouse`): readers read the published snapshot, never the warehouse."""
    add_warehouse_argument(parser)
    parser.add_argument(
        "--snapshot",
        type=Path,
        default=None,
        help="published snapshot to read (default: $DOGDB_SNAPSHOT, else published.duckdb "
        "beside the warehouse)",
    )


def snapshot_of(args: argparse.Namespace) -> Path:
    """The snapshot a reader command reads: --snapshot, $DOGDB_SNAPSHOT, or the warehouse's."""
    from dogdb_analytics.publishing.snapshot import default_snapshot

    if args.snapshot is not None:
        return Path(args.snapshot)
    explicit = os.environ.get("DOGDB_SNAPSHOT")
    return Path(explicit) if explicit else default_snapshot(Path(args.warehouse))
