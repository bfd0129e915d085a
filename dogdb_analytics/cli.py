"""`dogdb`: the command line of the analytics foundation. `dogdb <command> --help` for each.

Every command is a module of dogdb_analytics.commands named after it, with `add_arguments(parser)`
and `run(args) -> exit code`; the work itself is done by the package it calls.
"""

from __future__ import annotations

import argparse
from importlib import import_module

# command -> help
COMMANDS: dict[str, str] = {
    "generate": "generate the app's tables at a scale, into the app database (or raw directly)",
    "append-day": "append one more day to the app database (inserts, updates, deletions)",
    "load": "load the app database's new and changed rows into the warehouse's raw schema (dlt)",
    "daily": "the daily job (make run): load, sqlmesh run, publish",
    "metrics": "list and query the semantic layer's metrics, or write the metrics catalog",
    "api": "serve the read-only metrics HTTP API on 127.0.0.1, on the published snapshot",
    "publish": "publish the read-only snapshot of prod that dashboards read",
    "ui-warehouse": "copy the warehouse for `sqlmesh ui` (make ui), so the UI never holds prod's lock",
    "summary": "print what the last prod build holds",
    "billing-report": "write the accountant's billing report of a month (.xlsx or .csv)",
    "bench": "measure build, daily run, dev plan, promotion and query costs per scale",
    "cross-engine": "build on DuckDB and on PostgreSQL or Spark from the same data and compare every mart",
    "slow-view-scenario": "plan, prove, time and promote the slow view's fix in a throwaway copy",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dogdb", description=__doc__.split("\n\n")[0])
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, help_text in COMMANDS.items():
        module = import_module(f"dogdb_analytics.commands.{name.replace('-', '_')}")
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args))
