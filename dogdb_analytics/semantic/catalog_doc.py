"""docs/metrics.md, generated from the definitions (metrics/metrics.sql and metrics/metrics.yaml)."""

from __future__ import annotations

from dogdb_analytics.semantic.definitions import Catalog
from dogdb_analytics.warehouse import PROJECT_ROOT

CATALOG_PAGE = PROJECT_ROOT / "docs" / "metrics.md"
KIND_RULES = {
    "additive": "sums over time and dimensions",
    "semi_additive": "stock: a period takes its last sub-period in the data, never the sum",
    "non_additive": "distinct count or median, computed from the rows of the period",
    "ratio": "ratio of two metrics, each computed at the grain asked for",
    "snapshot": "as of the end of the data, no time dimension",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def catalog_markdown(catalog: Catalog) -> str:
    """The catalog page: one table of metrics, then the dimensions and the source models."""
    lines = [
        "# Metrics catalog",
        "",
        "Generated from `metrics/metrics.sql` and `metrics/metrics.yaml` by "
        "`dogdb metrics catalog`; do not edit by hand (a test fails when it is out of date).",
        "Query them with `dogdb metrics query`, the HTTP API (`make api`) or "
        "`dogdb_analytics.semantic.metrics`; see docs/semantic_layer.md.",
        "",
        "## Kinds",
        "",
        *[f"- `{kind}`: {rule}" for kind, rule in KIND_RULES.items()],
        "",
        "## Metrics",
        "",
        "| metric | kind | unit | time grains | dimensions | owner | definition | SQL |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, metric in catalog.metrics.items():
        sql = metric.expression.sql(dialect="duckdb")
        grains = ", ".join(metric.grains) or "-"
        if metric.needs_grain:
            grains += " (one is required)"
        lines.append(
            f"| `{name}` | {metric.kind} | {metric.unit} | {grains} "
            f"| {', '.join(metric.dimensions) or '-'} | {metric.owner} "
            f"| {_cell(metric.description)} | `{_cell(sql)}` |"
        )
    lines += ["", "## Dimensions", "", "| dimension | type | meaning |", "|---|---|---|"]
    lines += [
        f"| `{d.name}` | {d.type} | {_cell(d.description)} |" for d in catalog.dimensions.values()
    ]
    lines += [
        "",
        "## Source models",
        "",
        "| model | time column (grain) | dimension columns |",
        "|---|---|---|",
    ]
    for source in catalog.sources.values():
        time = f"`{source.time_column}` ({source.time_grain})" if source.time_column else "-"
        columns = ", ".join(f"{d}: `{c}`" for d, c in source.dimensions.items())
        lines.append(f"| `{source.table}` | {time} | {columns} |")
    return "\n".join(lines) + "\n"
