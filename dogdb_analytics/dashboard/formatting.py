"""How the dashboard writes numbers: dollars with cents, counts with separators, shares in %."""

from __future__ import annotations

from datetime import date

import pandas as pd

MISSING = "–"


def _missing(value: float | None) -> bool:
    """None, NaN and pandas' NA (a month not billed yet, an empty sum) are shown as a dash."""
    return value is None or bool(pd.isna(value))


def money(value: float | None) -> str:
    """$1,234.56; negative amounts as -$1,234.56."""
    if _missing(value):
        return MISSING
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"


def count(value: float | None) -> str:
    """A whole number with separators; fractional values (forecasts) are rounded."""
    return MISSING if _missing(value) else f"{round(value):,}"


def percent(value: float | None, digits: int = 1) -> str:
    return MISSING if _missing(value) else f"{100 * value:.{digits}f}%"


def month_label(value: date) -> str:
    return value.strftime("%Y-%m")


def week_label(value: date) -> str:
    return f"week of {value.isoformat()}"
