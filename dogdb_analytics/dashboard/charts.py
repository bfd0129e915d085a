"""The dashboard's Altair charts that Streamlit's built-in charts cannot draw: a waterfall, a
forecast with its prediction interval, and bars by month coloured by a breakdown."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

INCREASE, DECREASE, TOTAL = "increase", "decrease", "total"
WATERFALL_COLORS = alt.Scale(
    domain=[TOTAL, INCREASE, DECREASE], range=["#4c78a8", "#54a24b", "#e45756"]
)


def waterfall_steps(
    start: tuple[str, float], movements: Sequence[tuple[str, float]], end: tuple[str, float]
) -> pd.DataFrame:
    """One bar per step: the start total, each movement from where the last one ended, the end
    total. Each bar spans [bar_from, bar_to]."""
    rows = [
        {"step": start[0], "amount": start[1], "bar_from": 0.0, "bar_to": start[1], "kind": TOTAL}
    ]
    level = start[1]
    for label, amount in movements:
        rows.append(
            {
                "step": label,
                "amount": amount,
                "bar_from": level,
                "bar_to": level + amount,
                "kind": INCREASE if amount >= 0 else DECREASE,
            }
        )
        level += amount
    rows.append(
        {"step": end[0], "amount": end[1], "bar_from": 0.0, "bar_to": end[1], "kind": TOTAL}
    )
    return pd.DataFrame(rows)


def waterfall(steps: pd.DataFrame, value_title: str) -> alt.Chart:
    order = steps["step"].tolist()
    return (
        alt.Chart(steps)
        .mark_bar()
        .encode(
            x=alt.X("step:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("bar_from:Q", title=value_title),
            y2="bar_to:Q",
            color=alt.Color("kind:N", scale=WATERFALL_COLORS, legend=None),
            tooltip=[
                alt.Tooltip("step:N", title="step"),
                alt.Tooltip("amount:Q", title=value_title, format=",.2f"),
            ],
        )
    )


def forecast_with_interval(frame: pd.DataFrame, value_title: str) -> alt.LayerChart:
    """Actuals as a line, the forecast as a dashed line inside its 95% prediction interval.
    `frame` has month, actual, forecast, lower_95, upper_95."""
    base = alt.Chart(frame).encode(x=alt.X("month:T", title=None))
    band = base.mark_area(opacity=0.25).encode(
        y=alt.Y("lower_95:Q", title=value_title), y2="upper_95:Q"
    )
    actual = base.mark_line(point=True).encode(
        y="actual:Q", tooltip=[alt.Tooltip("month:T", format="%Y-%m"), "actual:Q"]
    )
    forecast = base.mark_line(strokeDash=[6, 4], color="#e45756").encode(
        y="forecast:Q",
        tooltip=[
            alt.Tooltip("month:T", format="%Y-%m"),
            "forecast:Q",
            "lower_95:Q",
            "upper_95:Q",
        ],
    )
    return alt.layer(band, actual, forecast)


def monthly_bars(
    frame: pd.DataFrame,
    month: str,
    value: tuple[str, str],
    color: tuple[str, str],
    details: Sequence[str | alt.Tooltip],
) -> alt.Chart:
    """Stacked bars by month: `value` and `color` are (Altair field, title); the tooltip shows
    the month, then `details`."""
    month_field = f"yearmonth({month}):O"
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(month_field, title=None),
            y=alt.Y(value[0], title=value[1]),
            color=alt.Color(color[0], title=color[1]),
            tooltip=[alt.Tooltip(month_field, title="month"), *details],
        )
    )
