"""The accountant's monthly billing report, read from the prod marts.

`dogdb billing-report --month 2024-03 --out report.xlsx` writes what was owed in March 2024 (the
prorated billing lines of `marts.mart_billing_lines`), the totals by payment method
(`marts.mart_billing_totals`) and the month's variance against what was expected
(`marts.mart_charge_variance`). With `--expected` it writes instead what is expected to be charged
in that month (`marts.mart_expected_charges` and `marts.mart_expected_charge_totals`, from the tiers
held at the end of the month before) and the variance of the month before.

The month is validated before any SQL runs and is bound as a query parameter, never spliced into
SQL. The marts are read through their prod views with the project's SQLMesh Context.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlglot import parse_one
from sqlmesh import Context

from dogdb_analytics import warehouse as warehouse_module
from dogdb_analytics.warehouse import close_context

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


# The queries read the prod views of the marts; `?` is the month, bound as a parameter.
ACTUAL_LINES_SQL = """
SELECT billing_month, account_id, pricing_plan, payment_method, monthly_price, days_in_month,
  days_on_plan, prorated_amount, billed_amount
FROM marts.mart_billing_lines
WHERE billing_month = ?
ORDER BY payment_method, account_id, pricing_plan
"""
ACTUAL_TOTALS_SQL = """
SELECT billing_month, payment_method, pricing_plan, billing_lines, billed_accounts, billed_days,
  prorated_amount, billed_amount
FROM marts.mart_billing_totals
WHERE billing_month = ?
ORDER BY payment_method
"""
EXPECTED_LINES_SQL = """
SELECT charge_month, account_id, pricing_plan, payment_method, expected_amount, tiers_as_of_month
FROM marts.mart_expected_charges
WHERE charge_month = ?
ORDER BY payment_method, account_id
"""
EXPECTED_TOTALS_SQL = """
SELECT charge_month, payment_method, pricing_plan, paying_accounts, expected_amount
FROM marts.mart_expected_charge_totals
WHERE charge_month = ?
ORDER BY payment_method
"""
VARIANCE_SQL = """
SELECT billing_month, account_id, plan_at_start, plan_at_end, expected_amount, billed_amount,
  variance_amount, variance_reason
FROM marts.mart_charge_variance
WHERE billing_month = ?
ORDER BY variance_reason, account_id
"""


def _query(context: Context, name: str, sql: str, params: Sequence[Any]) -> Sheet:
    """Run a parameterized query on the context's warehouse and keep its rows as a sheet."""
    adapter = context.engine_adapter
    rendered = parse_one(sql, read="duckdb").sql(dialect=adapter.dialect)
    cursor = adapter.cursor
    cursor.execute(rendered, list(params))
    columns = tuple(str(d[0]) for d in cursor.description)
    rows = tuple(tuple(row) for row in cursor.fetchall())
    return Sheet(name=name, columns=columns, rows=rows)


# Columns of the totals that add up across payment methods into the grand total. Billed accounts
# do not (an account upgraded mid-month has a card and an invoice line), so the total leaves it out.
ADDITIVE_TOTAL_COLUMNS = frozenset(
    {
        "billing_lines",
        "billed_days",
        "prorated_amount",
        "billed_amount",
        "paying_accounts",
        "expected_amount",
    }
)


def _with_grand_total(totals: Sheet, month_column: str) -> Sheet:
    """The totals by payment method plus one 'total' row adding them up."""
    if not totals.rows:
        return totals
    total: list[Any] = []
    for index, column in enumerate(totals.columns):
        if column == month_column:
            total.append(totals.rows[0][index])
        elif column == "payment_method":
            total.append("total")
        elif column in ADDITIVE_TOTAL_COLUMNS:
            total.append(sum(row[index] for row in totals.rows))
        else:
            total.append(None)
    return Sheet(totals.name, totals.columns, (*totals.rows, tuple(total)))


def build_report(context: Context, month: date, expected: bool = False) -> BillingReport:
    """Read the report of `month` from prod (the expected charges of it with `expected`)."""
    if expected:
        totals = _query(context, "totals", EXPECTED_TOTALS_SQL, [month])
        if not totals.rows:
            raise BillingReportError(
                f"the expected charges of {month:%Y-%m} are not built yet: they are computed "
                f"once {add_months(month, -1):%Y-%m} has ended and the next prod run has filled it."
            )
        lines = _query(context, "lines", EXPECTED_LINES_SQL, [month])
        variance = _query(context, "variance", VARIANCE_SQL, [add_months(month, -1)])
        totals = _with_grand_total(totals, "charge_month")
    else:
        totals = _query(context, "totals", ACTUAL_TOTALS_SQL, [month])
        if not totals.rows:
            raise BillingReportError(
                f"the billing of {month:%Y-%m} is not built yet: a month is billed once it has "
                "ended and the next prod run has filled it (use --expected for the coming month)."
            )
        lines = _query(context, "lines", ACTUAL_LINES_SQL, [month])
        variance = _query(context, "variance", VARIANCE_SQL, [month])
        totals = _with_grand_total(totals, "billing_month")
    return BillingReport(month, expected, lines, totals, variance)


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
    expected: bool = False,
    warehouse: Path | None = None,
    today: date | None = None,
) -> list[Path]:
    """Validate the request, then read prod and write the report; returns the files written."""
    first_day = parse_month(month, today=today)
    target = check_output_path(Path(out))
    context = warehouse_module.open_context(warehouse)
    try:
        report = build_report(context, first_day, expected=expected)
    finally:
        close_context(context)
    return write_report(report, target)
