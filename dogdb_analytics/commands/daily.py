"""`dogdb daily` (make run): load the app's new and changed rows, `sqlmesh run`, publish.

The run starts only after a complete load; the models that snapshot the load also wait for one
through their interval's end (signal app_load_complete), so no run builds a day from half a load.
"""

from __future__ import annotations

import argparse
import sys

from dogdb_analytics.commands.load import add_as_of_argument
from dogdb_analytics.commands.options import add_warehouse_argument
from dogdb_analytics.ingest.app_database import AppDatabaseUnreachable, app_database_from_env
from dogdb_analytics.ingest.load import load_app
from dogdb_analytics.ingest.schema_check import SchemaChangeRefused


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
    from dogdb_analytics.publishing.snapshot import publish
    from dogdb_analytics.warehouse import opened_context

    app = app_database_from_env(args.warehouse)
    try:
        result = load_app(args.warehouse, app, as_of=args.as_of)
    except (AppDatabaseUnreachable, SchemaChangeRefused) as error:
        print(f"dogdb daily: {error}; no run started", file=sys.stderr)
        return 2
    print("\n".join(result.lines()))
    with opened_context(args.warehouse) as context:
        context.run(execution_time=args.execution_time)
    if not args.no_publish:
        publish(args.warehouse)
    return 0
