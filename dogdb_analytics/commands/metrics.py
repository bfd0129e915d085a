"""`dogdb metrics`: list, query and document the semantic layer's metrics.

The command line only; the work is done in dogdb_analytics.semantic. Queries read the published
snapshot (never the warehouse); `--sql` compiles without reading anything.
"""

from __future__ import annotations

import argparse
import sys

from dogdb_analytics.commands.options import add_snapshot_argument, snapshot_of
from dogdb_analytics.semantic.catalog_doc import CATALOG_PAGE, catalog_markdown
from dogdb_analytics.semantic.definitions import GRAINS, default_catalog
from dogdb_analytics.semantic.filter_text import parse_filters
from dogdb_analytics.semantic.metrics import (
    DIALECTS,
    MetricQuery,
    MetricQueryError,
    SnapshotMissingError,
    build_sql,
    query_metrics,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="metrics_command", required=True)
    sub.add_parser("list", help="list the metrics with kind, grains and dimensions")
    query = sub.add_parser("query", help="query metrics by time grain and dimensions")
    query.add_argument("metrics", nargs="+", help="metric names, e.g. mrr paying_customers")
    query.add_argument(
        "--by",
        default="",
        help=f"comma-separated: one time grain ({', '.join(GRAINS)}) and/or dimensions",
    )
    query.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="DIM=V1,V2",
        help="keep these values of a dimension (repeatable)",
    )
    query.add_argument("--where", help="condition on dimensions, e.g. \"plan = 'Enterprise'\"")
    query.add_argument("--since", help="first day or month of the range (YYYY-MM[-DD])")
    query.add_argument("--until", help="last day or month of the range (YYYY-MM[-DD])")
    query.add_argument("--compare", action="store_true", help="add the previous period's values")
    query.add_argument("--sql", action="store_true", help="print the SQL, do not run it")
    query.add_argument("--dialect", default="duckdb", choices=DIALECTS, help="dialect of --sql")
    query.add_argument("--format", default="table", choices=("table", "csv", "json"))
    add_snapshot_argument(query)
    catalog = sub.add_parser("catalog", help="write (or --check) docs/metrics.md")
    catalog.add_argument("--check", action="store_true", help="fail if docs/metrics.md is stale")


def _catalog(check: bool) -> int:
    text = catalog_markdown(default_catalog())
    if check:
        if not CATALOG_PAGE.exists() or CATALOG_PAGE.read_text() != text:
            print("docs/metrics.md is out of date: run `dogdb metrics catalog`.", file=sys.stderr)
            return 1
        return 0
    CATALOG_PAGE.write_text(text)
    print(f"Wrote {CATALOG_PAGE}")
    return 0


def _list() -> int:
    for name, metric in default_catalog().metrics.items():
        grains = ",".join(metric.grains) or "-"
        dimensions = ",".join(metric.dimensions) or "-"
        print(f"{name:34} {metric.kind:13} {metric.unit:12} {grains:30} {dimensions}")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.metrics_command == "catalog":
        return _catalog(args.check)
    if args.metrics_command == "list":
        return _list()
    try:
        query = MetricQuery(
            metrics=tuple(args.metrics),
            by=tuple(d.strip() for d in args.by.split(",") if d.strip()),
            filters=parse_filters(args.filter, "=", "--filter"),
            where=args.where,
            since=args.since,
            until=args.until,
            compare=args.compare,
        )
        if args.sql:
            print(build_sql(query, args.dialect))
            return 0
        answer = query_metrics(query, snapshot_of(args))
    except MetricQueryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except SnapshotMissingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.format == "csv":
        sys.stdout.write(answer.frame.to_csv(index=False))
    elif args.format == "json":
        sys.stdout.write(answer.frame.to_json(orient="records", date_format="iso") + "\n")
    else:
        print(answer.frame.to_string(index=False))
    print(f"(published_at {answer.published_at})", file=sys.stderr)
    return 0
