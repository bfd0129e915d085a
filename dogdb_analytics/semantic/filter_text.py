"""Filters typed as text by a reader (`plan=Medium,Enterprise` on the command line,
`plan:Medium,Enterprise` in the HTTP API) as {dimension: values}; the request validates them."""

from __future__ import annotations

from dogdb_analytics.semantic.request import MetricQueryError


def parse_filters(items: list[str], separator: str, option: str) -> dict[str, list[str]]:
    """Each item DIMENSION<separator>VALUE[,VALUE...]; a repeated dimension adds its values."""
    filters: dict[str, list[str]] = {}
    for item in items:
        name, sep, values = item.partition(separator)
        if not sep or not name.strip() or not values.strip():
            raise MetricQueryError(
                f"{option} takes DIMENSION{separator}VALUE[,VALUE...], got {item!r}."
            )
        filters.setdefault(name.strip(), []).extend(v.strip() for v in values.split(","))
    return filters
