"""The filters every page shares: a range of months (or weeks) and "all when empty" multiselects.
Their options always come from the data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import pandas as pd
import streamlit as st

from dogdb_analytics.dashboard.formatting import month_label


def period_range(
    label: str,
    periods: Sequence[date],
    key: str,
    default_periods: int,
    format_func: Callable[[date], str] = month_label,
) -> tuple[date, date]:
    """A range slider over `periods`, the last `default_periods` of them selected at first."""
    if len(periods) == 1:
        st.caption(f"{label}: {format_func(periods[0])}")
        return periods[0], periods[0]
    default = (periods[max(0, len(periods) - default_periods)], periods[-1])
    first, last = st.select_slider(
        label, options=list(periods), value=default, format_func=format_func, key=key
    )
    return first, last


def pick_or_all(
    label: str,
    options: Sequence[str],
    key: str,
    format_func: Callable[[str], str] = str,
) -> tuple[str, ...]:
    """A multiselect over `options`; nothing picked means every option."""
    picked = st.multiselect(
        label, options=list(options), format_func=format_func, key=key, placeholder="All"
    )
    return tuple(picked) if picked else tuple(options)


def _column_format(column: str) -> str | None:
    if column.endswith(("_amount", "_mrr")) or column in {"mrr", "monthly_price"}:
        return "dollar"
    if column.endswith("_rate"):
        return "percent"
    if column in {"actual", "forecast", "lower_95", "upper_95", "abs_pct_error"}:
        return "%.2f"
    if column.endswith(("_per_account", "_per_entitled_user")):
        return "%.2f"
    return None


def table(frame: pd.DataFrame) -> None:
    """st.dataframe without the index; amounts (`*_amount`, `*mrr`, `monthly_price`) in dollars,
    rates (`*_rate`) in percent. The values themselves are the query's, unrounded."""
    config = {
        column: st.column_config.NumberColumn(format=number_format)
        for column in frame.columns
        if (number_format := _column_format(str(column))) is not None
    }
    st.dataframe(frame, hide_index=True, column_config=config)
