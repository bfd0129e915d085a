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
