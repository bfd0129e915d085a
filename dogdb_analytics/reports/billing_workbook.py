"""The accountant's monthly billing report, read from the prod marts.

`dogdb billing-report --month 2024-03 --out report.xlsx` writes what was owed in March 2024 (the
prorated billing lines of `marts.mart_billing_lines`), the totals by payment method and in all
(the layer's billed_amount and billed_accounts metrics) and the month's variance against what was expected
(`marts.mart_charge_variance`). With `--expected` it writes instead what is expected to be charged
in that month (`marts.mart_expected_charges` and the expected_amount and expected_accounts metrics,
from the tiers held at the end of the month before) and the variance of the month before.

The month is validated before any SQL runs and is bound as a query parameter, never spliced into
SQL. It reads the published snapshot (never the warehouse, so it never waits for or blocks a run),
through the Billing page's query module: the totals are the semantic layer's metrics.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from dogdb_analytics.dashboard.page_modules import billing_queries

MONTH_PATTERN = re.compile(r"\A(?P<year>[0-9]{4})-(?P<month>0[1-9]|1[0-2])\Z")
FIRST_MONTH = date(2019, 1, 1)  # the SQLMesh model start: no month before it is ever built
OUTPUT_SUFFIXES = (".xlsx", ".csv")


class BillingReportError(ValueError):
    """A request the report refuses, with a message meant for the accountant."""


@dataclass(frozen=True)
class Sheet:
    """One table of the report: a sheet of the workbook, or one CSV file."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class BillingReport:
    month: date
    expected: bool
    lines: Sheet
    totals: Sheet
    variance: Sheet


def add_months(month: date, months: int) -> date:
    """The first day of the month `months` after (or before) `month`."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def parse_month(value: str, today: date | None = None) -> date:
    """The first day of the month written as YYYY-MM, or BillingReportError.

    Accepted: a real month from the first built month (2019-01) up to the month after the current
    one (UTC), the one the accountant prepares before it starts. Anything else is refused before
    the warehouse is touched.
    """
    match = MONTH_PATTERN.match(value) if isinstance(value, str) else None
    if match is None:
        raise BillingReportError(
            f"--month must be a month written YYYY-MM, e.g. 2024-03; got {value!r}."
        )
    try:
        month = datetime.strptime(value, "%Y-%m").date()
    except ValueError as error:  # pragma: no cover - the pattern already guarantees the format
        raise BillingReportError(f"--month {value!r} is not a calendar month.") from error
    current = (today or datetime.now(UTC).date()).replace(day=1)
    latest = add_months(current, 1)
    if month > latest:
        raise BillingReportError(
            f"--month {value} is in the future: the latest month with a report is "
            f"{latest:%Y-%m} (next month, expected charges only)."
        )
    if month < FIRST_MONTH:
        raise BillingReportError(
            f"--month {value} is before {FIRST_MONTH:%Y-%m}, the first month the warehouse bills."
        )
    return month


def check_output_path(out: Path) -> Path:
    """The output path if it names an .xlsx or .csv file in an existing folder."""
    if out.suffix.lower() not in OUTPUT_SUFFIXES:
        raise BillingReportError(f"--out must end with .xlsx or .csv; got {str(out)!r}.")
    if not out.parent.exists():
        raise BillingReportError(f"the folder of --out does not exist: {str(out.parent)!r}.")
    return out


def _sheet(name: str, frame: pd.DataFrame) -> Sheet:
    """A table of the report from a query's frame: NaN as empty, numbers and dates as Python's."""
    rows = []
    for row in frame.itertuples(index=False, name=None):
        values = []
        for value in row:
            if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
                values.append(None)
            elif isinstance(value, pd.Timestamp):
                values.append(value.to_pydatetime())
            elif hasattr(value, "item"):
                values.append(value.item())
            else:
                values.append(value)
        rows.append(tuple(values))
    return Sheet(name=name, columns=tuple(str(c) for c in frame.columns), rows=tuple(rows))


def build_report(snapshot: Path, month: date, expected: bool = False) -> BillingReport:
    """Read the report of `month` from the published snapshot (the expected charges of it with
    `expected`): lines and variance rows from the marts, totals from the semantic layer, through
    the query module the dashboard's Billing page uses."""
    totals = billing_queries.totals_by_method(snapshot, month, expected)
    amount = "expected_amount" if expected else "billed_amount"
    if totals[amount].isna().all():
        if expected:
            raise BillingReportError(
                f"the expected charges of {month:%Y-%m} are not built yet: they are computed "
                f"once {add_months(month, -1):%Y-%m} has ended and the next prod run has filled it."
            )
        raise BillingReportError(
            f"the billing of {month:%Y-%m} is not built yet: a month is billed once it has "
            "ended and the next prod run has filled it (use --expected for the coming month)."
        )
    methods = billing_queries.payment_methods(snapshot)
    if expected:
        lines = billing_queries.expected_charges(snapshot, month, methods)
        variance = billing_queries.variance_lines(snapshot, add_months(month, -1))
    else:
        lines = billing_queries.billing_lines(snapshot, month, methods)
        variance = billing_queries.variance_lines(snapshot, month)
    return BillingReport(
        month,
        expected,
        _sheet("lines", lines),
        _sheet("totals", totals),
        _sheet("variance", variance),
    )


def _excel_value(value: Any) -> Any:
    """Values openpyxl writes as numbers and dates; everything else as text."""
    if value is None or isinstance(value, (bool, int, float, Decimal, date, str)):
        return value
    return str(value)


def _write_xlsx(report: BillingReport, out: Path) -> list[Path]:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in (report.lines, report.totals, report.variance):
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append(list(sheet.columns))
        for row in sheet.rows:
            worksheet.append([_excel_value(v) for v in row])
        for index, column in enumerate(sheet.columns, start=1):
            letter = worksheet.cell(row=1, column=index).column_letter
            worksheet.column_dimensions[letter].width = max(12, len(column) + 2)
            for cell in worksheet[letter][1:]:
                if isinstance(cell.value, (date, datetime)):
                    cell.number_format = "yyyy-mm-dd"
                elif column == "prorated_amount":
                    cell.number_format = "0.000000"
                elif column.endswith(("amount", "price")):
                    cell.number_format = "#,##0.00"
        worksheet.freeze_panes = "A2"
    workbook.save(out)
    return [out]


def _csv_value(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return "" if value is None else value


def _write_csv(report: BillingReport, out: Path) -> list[Path]:
    stem = out.with_suffix("")
    paths = [out, Path(f"{stem}.totals.csv"), Path(f"{stem}.variance.csv")]
    for path, sheet in zip(paths, (report.lines, report.totals, report.variance), strict=True):
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(sheet.columns)
            writer.writerows([_csv_value(v) for v in row] for row in sheet.rows)
    return paths


def write_report(report: BillingReport, out: Path) -> list[Path]:
    """Write the report as one workbook (.xlsx: sheets lines, totals, variance) or as CSV files
    (.csv: the lines in `out`, plus `<name>.totals.csv` and `<name>.variance.csv`)."""
    if out.suffix.lower() == ".xlsx":
        return _write_xlsx(report, out)
    return _write_csv(report, out)


def write_billing_report(
    month: str,
    out: Path,
    snapshot: Path,
    expected: bool = False,
    today: date | None = None,
) -> list[Path]:
    """Validate the request, then read the published snapshot and write the report; returns the
    files written."""
    first_day = parse_month(month, today=today)
    target = check_output_path(Path(out))
    report = build_report(Path(snapshot), first_day, expected=expected)
    return write_report(report, target)
