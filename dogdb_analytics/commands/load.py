"""`dogdb load`: load the app database's new and changed rows into the warehouse's raw schema."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from dogdb_analytics.commands.options import add_warehouse_argument
from dogdb_analytics.ingestion.app_database import AppDatabaseUnreachable, app_database_from_env
from dogdb_analytics.ingestion.load import load_app
from dogdb_analytics.ingestion.schema_check import SchemaChangeRefused


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_warehouse_argument(parser)
    add_as_of_argument(parser)
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="drop the loaded tables and their cursors first, and load everything again",
    )


def add_as_of_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        type=datetime.fromisoformat,
        default=None,
        help="the moment the load sees the app at (default now, UTC; a generated extract: the "
        "midnight after its last day)",
    )


def run(args: argparse.Namespace) -> int:
    app = app_database_from_env(args.warehouse)
    try:
        result = load_app(args.warehouse, app, as_of=args.as_of, full_refresh=args.full_refresh)
    except (AppDatabaseUnreachable, SchemaChangeRefused) as error:
        print(f"dogdb load: {error}", file=sys.stderr)
        return 2
    print(f"Loaded {app.describe()} into {args.warehouse}:")
    print("\n".join(result.lines()))
    return 0
