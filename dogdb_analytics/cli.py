"""`dogdb`: the command line of the analytics foundation. `dogdb <command> --help` for each."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from importlib import import_module

# command -> (module, help, add_arguments function, run function)
COMMANDS: dict[str, tuple[str, str, str, str]] = {
    "generate": (
        "dogdb_analytics.generate.generate_command",
        "generate the app's raw extract at a scale",
        "add_arguments",
        "run",
    ),
    "append-day": (
        "dogdb_analytics.generate.append_day_command",
        "append one more day of raw data (and status changes) to the extract",
        "add_arguments",
        "run",
    ),
    "metrics": (
        "dogdb_analytics.metrics",
        "query the semantic layer's metrics, or write the metrics catalog",
        "add_arguments",
        "run",
    ),
    "publish": (
        "dogdb_analytics.publish",
        "publish the read-only snapshot of prod that dashboards read",
        "add_arguments",
        "run",
    ),
    "ui-warehouse": (
        "dogdb_analytics.ui_warehouse",
        "copy the warehouse for `sqlmesh ui` (make ui), so the UI never holds prod's lock",
        "add_arguments",
        "run",
    ),
    "summary": (
        "dogdb_analytics.build_summary",
        "print what the last prod build holds",
        "add_arguments",
        "run",
    ),
    "billing-report": (
        "dogdb_analytics.billing_report",
        "write the accountant's billing report of a month (.xlsx or .csv)",
        "add_arguments",
        "run",
    ),
    "bench": (
        "dogdb_analytics.bench.command",
        "measure build, daily run, dev plan, promotion and query costs per scale",
        "add_arguments",
        "run",
    ),
    "cross-engine": (
        "dogdb_analytics.engines.command",
        "build on DuckDB and on PostgreSQL or Spark from the same data and compare every mart",
        "add_arguments",
        "run",
    ),
    "slow-view-scenario": (
        "dogdb_analytics.slow_view_scenario",
        "plan, prove, time and promote the slow view's fix in a throwaway copy",
        "add_arguments",
        "run",
    ),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dogdb", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, (module_name, help_text, add_name, run_name) in COMMANDS.items():
        module = import_module(module_name)
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        add_arguments: Callable[[argparse.ArgumentParser], None] = getattr(module, add_name)
        add_arguments(sub)
        sub.set_defaults(handler=getattr(module, run_name))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args))
