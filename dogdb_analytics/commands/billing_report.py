"""`dogdb billing-report`: the command line of dogdb_analytics.reports.billing_workbook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dogdb_analytics.commands.options import add_snapshot_argument, snapshot_of
from dogdb_analytics.reports.billing_workbook import BillingReportError, write_billing_report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--month",
        required=True,
        help="the month, YYYY-MM (e.g. 2024-03): after it has ended for what was owed, or up to "
        "next month with --expected",
    )
    parser.add_argument(
        "--expected",
        action="store_true",
        help="the charges expected for the month (tiers held at the end of the month before) "
        "instead of what was owed",
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        help="report.xlsx (sheets lines, totals, variance) or report.csv (plus "
        "report.totals.csv and report.variance.csv)",
    )
    add_snapshot_argument(parser)


def run(args: argparse.Namespace) -> int:
    try:
        written = write_billing_report(args.month, args.out, snapshot_of(args), args.expected)
    except BillingReportError as error:
        print(f"dogdb billing-report: error: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0
