"""`dogdb daily` (make run): load the app's new and changed rows, `sqlmesh run`, publish.

The run starts only after a complete load; the models that snapshot the load also wait for one
through their interval's end (signal app_load_complete), so no run builds a day from half a load.
"""

from __future__ import annotations

import argparse
import sys

from dogdb_analytics.commands.load import add_as_of_argument
from dogdb_analytics.commands.options import add_warehouse_argument
from dogdb_analytics.ingestion.app_database import AppDatabaseUnreachable, app_database_from_env
from dogdb_analytics.ingestion.daily_job import daily_job
from dogdb_analytics.ingestion.schema_check import SchemaChangeRefused


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_warehouse_argument(parser)
    add_as_of_argument(parser)
    parser.add_argument(
        "--execution-time",
        default=None,
        help="the run's execution time (default now; a generated extract: its end's midnight)",
    )
    parser.add_argument("--no-publish", action="store_true", help="skip `dogdb publish`")


def run(args: argparse.Namespace) -> int:
    app = app_database_from_env(args.warehouse)
    try:
        daily_job(args.warehouse, app, args.as_of, args.execution_time, not args.no_publish)
    except (AppDatabaseUnreachable, SchemaChangeRefused) as error:
        print(f"dogdb daily: {error}; no run started", file=sys.stderr)
        return 2
    return 0
