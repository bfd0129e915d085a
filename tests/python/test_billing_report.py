"""The accountant's billing report: strict month validation before any SQL, and a workbook read
from the published snapshot whose totals (the semantic layer's) equal the marts' totals."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from dogdb_analytics import cli
from dogdb_analytics.reports import billing_workbook as billing_report
from dogdb_analytics.reports.billing_workbook import (
    BillingReportError,
    add_months,
    parse_month,
)

TODAY = date(2026, 11, 22)
MALFORMED_MONTHS = [
    "2024-13",
    "2024-1",
    "2024-01'; DROP TABLE x; --",
    "2024-00",
    "24-01",
    "2024/01",
    "2024-01-01",
    " 2024-01",
    "2024-01\n",
    "",
]


def _forbid_sql(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the report reads anything."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the snapshot was read before the month was validated")

    monkeypatch.setattr("dogdb_analytics.dashboard.snapshot.read", refuse)
    monkeypatch.setattr("dogdb_analytics.semantic.execution.run_on_snapshot", refuse)
    monkeypatch.setattr(billing_report, "build_report", refuse)


@pytest.mark.parametrize("month", MALFORMED_MONTHS)
def test_malformed_months_are_refused(month: str) -> None:
    with pytest.raises(BillingReportError, match="YYYY-MM"):
        parse_month(month, today=TODAY)


@pytest.mark.parametrize("month", ["2027-01", "2030-06", "9999-12"])
def test_months_after_next_month_are_refused(month: str) -> None:
    with pytest.raises(BillingReportError, match="in the future"):
        parse_month(month, today=TODAY)


def test_months_up_to_next_month_are_accepted() -> None:
    assert parse_month("2024-02", today=TODAY) == date(2024, 2, 1)
    assert parse_month("2026-11", today=TODAY) == date(2026, 11, 1)
    assert parse_month("2026-12", today=TODAY) == date(2026, 12, 1)
    assert parse_month("2019-01", today=TODAY) == date(2019, 1, 1)
    with pytest.raises(BillingReportError, match="before 2019-01"):
        parse_month("2018-12", today=TODAY)


def test_add_months_crosses_years() -> None:
    assert add_months(date(2024, 12, 1), 1) == date(2025, 1, 1)
    assert add_months(date(2024, 1, 1), -1) == date(2023, 12, 1)


@pytest.mark.parametrize(
    "month",
    [*MALFORMED_MONTHS[:3], f"{add_months(datetime.now(UTC).date().replace(day=1), 2):%Y-%m}"],
)
def test_run_refuses_before_any_sql(
    month: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forbid_sql(monkeypatch)
    with pytest.raises(BillingReportError):
        billing_report.write_billing_report(month, tmp_path / "report.xlsx", tmp_path / "p.duckdb")
    assert not (tmp_path / "report.xlsx").exists()


@pytest.mark.parametrize(
    "month",
    [*MALFORMED_MONTHS[:3], f"{add_months(datetime.now(UTC).date().replace(day=1), 2):%Y-%m}"],
)
def test_cli_refuses_with_a_clear_error_before_any_sql(
    month: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _forbid_sql(monkeypatch)
    out = tmp_path / "report.xlsx"
    code = cli.main(["billing-report", "--month", month, "--out", str(out)])
    assert code == 2
    error = capsys.readouterr().err
    assert error.startswith("dogdb billing-report: error: --month")
    assert "YYYY-MM" in error or "in the future" in error
    assert not out.exists()


def test_run_refuses_unknown_output_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forbid_sql(monkeypatch)
    with pytest.raises(BillingReportError, match=".xlsx or .csv"):
        billing_report.write_billing_report(
            "2024-03", tmp_path / "report.pdf", tmp_path / "p.duckdb"
        )


def _sheet_rows(path: Path, name: str) -> list[dict[str, object]]:
    from openpyxl import load_workbook

    worksheet = load_workbook(path, read_only=True)[name]
    rows = list(worksheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _cents(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_xlsx_report_totals_equal_the_mart(published_small_snapshot: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    args = ["billing-report", "--month", "2024-03", "--out", str(out)]
    assert cli.main([*args, "--snapshot", str(published_small_snapshot)]) == 0
    assert out.exists()
    with duckdb.connect(str(published_small_snapshot), read_only=True) as connection:
        mart = connection.execute(
            "SELECT payment_method, billed_accounts, billed_amount FROM marts.mart_billing_totals "
            "WHERE billing_month = DATE '2024-03-01'"
        ).df()
        accounts = connection.execute(
            "SELECT COUNT(DISTINCT account_id) FROM marts.mart_billing_lines "
            "WHERE billing_month = DATE '2024-03-01'"
        ).fetchone()[0]
    lines = _sheet_rows(out, "lines")
    totals = {row["payment_method"]: row for row in _sheet_rows(out, "totals")}
    assert set(totals) == {"card", "invoice", "total"}
    assert lines, "March 2024 should have billing lines"
    for row in mart.itertuples(index=False):
        sheet_total = totals[row.payment_method]
        assert _cents(sheet_total["billed_amount"]) == _cents(row.billed_amount)
        assert sheet_total["billed_accounts"] == row.billed_accounts
        line_sum = sum(
            (
                _cents(line["billed_amount"])
                for line in lines
                if line["payment_method"] == row.payment_method
            ),
            Decimal("0"),
        )
        assert line_sum == _cents(row.billed_amount)
    assert _cents(totals["total"]["billed_amount"]) == sum(
        (_cents(v) for v in mart["billed_amount"]), Decimal("0")
    )
    # The total's accounts are distinct accounts (one upgraded mid-month has two lines).
    assert totals["total"]["billed_accounts"] == accounts
    assert {line["payment_method"] for line in lines} <= {"card", "invoice"}
    assert all(line["billing_month"].date() == date(2024, 3, 1) for line in lines)


def test_csv_expected_report_writes_lines_totals_and_variance(
    published_small_snapshot: Path, tmp_path: Path
) -> None:
    out = tmp_path / "expected.csv"
    written = billing_report.write_billing_report(
        "2024-04", out, published_small_snapshot, expected=True
    )
    assert written == [out, tmp_path / "expected.totals.csv", tmp_path / "expected.variance.csv"]
    totals = (tmp_path / "expected.totals.csv").read_text().splitlines()
    assert totals[0] == "charge_month,payment_method,paying_accounts,expected_amount"
    assert [line.split(",")[1] for line in totals[1:]] == ["card", "invoice", "total"]
    body = out.read_text().splitlines()
    assert len(body) - 1 == sum(int(line.split(",")[2]) for line in totals[1:3])
    assert int(totals[3].split(",")[2]) == len(body) - 1
