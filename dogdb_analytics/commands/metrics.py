"""`dogdb metrics`: query the semantic layer's metrics (metrics/metrics.sql) and document them.

The command line only; the work is done in dogdb_analytics.semantic.metrics.
"""

from __future__ import annotations

import argparse
import sys

from dogdb_analytics.commands.options import add_warehouse_argument
from dogdb_analytics.semantic.metrics import (
    CATALOG,
    DIALECTS,
    DIMENSIONS,
    MetricQuery,
    MetricQueryError,
    build_sql,
    catalog_markdown,
)
from dogdb_analytics.warehouse import opened_context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="metrics_command", required=True)
    query = sub.add_parser("query", help="query metrics by month and/or plan")
    query.add_argument("metrics", nargs="+", help="metric names, e.g. mrr paying_customers")
    query.add_argument(
        "--by", default="month", help=f"comma-separated dimensions: {', '.join(DIMENSIONS)}"
    )
    query.add_argument("--where", help="filter on dimensions, e.g. \"plan = 'Enterprise'\"")
    query.add_argument("--since", help="first month, YYYY-MM")
    query.add_argument("--sql", action="store_true", help="print the generated SQL, do not run it")
    query.add_argument("--dialect", default="duckdb", choices=DIALECTS, help="dialect of --sql")
    add_warehouse_argument(query)
    catalog = sub.add_parser("catalog", help="write (or --check) docs/metrics.md")
    catalog.add_argument("--check", action="store_true", help="fail if docs/metrics.md is stale")


def run(args: argparse.Namespace) -> int:
    if args.metrics_command == "catalog":
        with opened_context() as context:
            text = catalog_markdown(context)
        if args.check:
            if not CATALOG.exists() or CATALOG.read_text() != text:
                print(
                    "docs/metrics.md is out of date: run `dogdb metrics catalog`.", file=sys.stderr
                )
                return 1
            return 0
        CATALOG.write_text(text)
        print(f"Wrote {CATALOG}")
        return 0
    query = MetricQuery(
        metrics=tuple(args.metrics),
        by=tuple(d.strip() for d in args.by.split(",") if d.strip()),
        where=args.where,
        since=args.since,
    )
    try:
        with opened_context(args.warehouse) as context:
            if args.sql or args.dialect != "duckdb":
                print(build_sql(context, query, args.dialect))
                return 0
            table = context.fetchdf(build_sql(context, query))
    except MetricQueryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(table.to_string(index=False))
    return 0
