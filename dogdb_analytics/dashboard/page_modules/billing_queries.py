"""The Billing page's queries, shared with the accountant's workbook (reports/billing_workbook.py):
totals are metrics of the semantic layer; lines, expected charges and variance rows are the marts'.
Values travel as `?` parameters, never spliced into SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from dogdb_analytics.dashboard.layer import metric_frame, metric_row, month_end
from dogdb_analytics.dashboard.snapshot import dates, read, values

BILLING_MONTHS = """
SELECT billing_month AS month FROM marts.mart_billing_totals
UNION
SELECT charge_month AS month FROM marts.mart_expected_charge_totals
ORDER BY month
"""

PAYMENT_METHODS = """
SELECT DISTINCT payment_method FROM marts.mart_billing_totals ORDER BY payment_method
"""

# Expected (fixed before the month) and billed (once it ended), by payment method: the layer's
# keys keep both ends (the coming month is expected but not billed yet).
BY_MONTH_METRICS = {
    "expected_accounts": "expected_accounts",
    "expected_amount": "expected_amount",
    "billed_accounts": "billed_accounts",
    "billed_amount": "billed_amount",
    "billing_variance": "variance_amount",
}
TOTAL_METRICS = ("expected_amount", "billed_amount", "billing_variance")
VARIANCE_BY_REASON = """
SELECT
  variance_reason,
  COUNT(*) AS accounts,
  CAST(SUM(expected_amount) AS DOUBLE) AS expected_amount,
  CAST(SUM(billed_amount) AS DOUBLE) AS billed_amount,
  CAST(SUM(variance_amount) AS DOUBLE) AS variance_amount
FROM marts.mart_charge_variance
WHERE billing_month = ?
GROUP BY variance_reason
ORDER BY variance_amount, variance_reason
"""

BILLING_LINES = """
SELECT billing_month, account_id, pricing_plan, payment_method, monthly_price, days_in_month,
  days_on_plan, prorated_amount, CAST(billed_amount AS DOUBLE) AS billed_amount
FROM marts.mart_billing_lines
WHERE billing_month = ? AND list_contains(CAST(? AS VARCHAR[]), payment_method)
ORDER BY payment_method, account_id, pricing_plan
"""

EXPECTED_CHARGES = """
SELECT charge_month, tiers_as_of_month, account_id, pricing_plan, payment_method,
  CAST(expected_amount AS DOUBLE) AS expected_amount
FROM marts.mart_expected_charges
WHERE charge_month = ? AND list_contains(CAST(? AS VARCHAR[]), payment_method)
ORDER BY payment_method, account_id
"""


def billing_months(snapshot: Path) -> list[date]:
    return dates(read(snapshot, BILLING_MONTHS))


def payment_methods(snapshot: Path) -> list[str]:
    return values(read(snapshot, PAYMENT_METHODS))


def variance_by_reason(snapshot: Path, month: date) -> pd.DataFrame:
    return read(snapshot, VARIANCE_BY_REASON, [month])


def billing_lines(snapshot: Path, month: date, methods: Sequence[str]) -> pd.DataFrame:
    return read(snapshot, BILLING_LINES, [month, list(methods)])


def expected_charges(snapshot: Path, month: date, methods: Sequence[str]) -> pd.DataFrame:
    return read(snapshot, EXPECTED_CHARGES, [month, list(methods)])


def billing_by_month(
    snapshot: Path, first: date, last: date, methods: Sequence[str]
) -> pd.DataFrame:
    """Expected and billed accounts and amounts, and their variance, by month and payment method."""
    frame = metric_frame(
        snapshot,
        list(BY_MONTH_METRICS),
        by=("month", "payment_method"),
        filters={"payment_method": list(methods)},
        first=first,
        last=month_end(last),
    )
    return frame.rename(columns=BY_MONTH_METRICS)


def month_totals(snapshot: Path, month: date, methods: Sequence[str]) -> dict[str, object]:
    """Expected, billed and variance of one month over the payment methods kept."""
    return metric_row(
        snapshot, TOTAL_METRICS, {"payment_method": list(methods)}, month, month_end(month)
    )


def totals_by_method(snapshot: Path, month: date, expected: bool) -> pd.DataFrame:
    """The month's accounts and amount per payment method plus a 'total' row, all from the layer
    (the total's accounts are distinct accounts, not the sum of the methods')."""
    names = (
        ("expected_accounts", "expected_amount")
        if expected
        else ("billed_accounts", "billed_amount")
    )
    by_method = metric_frame(snapshot, names, ("payment_method",), None, month, month_end(month))
    total = metric_frame(snapshot, names, (), None, month, month_end(month))
    total.insert(0, "payment_method", "total")
    frame = pd.concat([by_method, total], ignore_index=True)
    frame.insert(0, "charge_month" if expected else "billing_month", month)
    return frame.rename(columns={"expected_accounts": "paying_accounts"})


VARIANCE_LINES = """
SELECT billing_month, account_id, plan_at_start, plan_at_end, expected_amount, billed_amount,
  variance_amount, variance_reason
FROM marts.mart_charge_variance
WHERE billing_month = ?
ORDER BY variance_reason, account_id
"""


def variance_lines(snapshot: Path, month: date) -> pd.DataFrame:
    """Every account's expected and billed amount of the month, with the reason they differ."""
    return read(snapshot, VARIANCE_LINES, [month])
