"""What the last prod build holds, model by model."""

from __future__ import annotations

from pathlib import Path

from sqlglot import exp

from dogdb_analytics.warehouse import opened_context


def summarize(warehouse: Path) -> list[tuple[str, str, int]]:
    """(model, kind, rows in prod) for every model of the project, in layer order."""
    rows: list[tuple[str, str, int]] = []
    with opened_context(warehouse) as context:
        for model in sorted(context.models.values(), key=lambda m: m.name):
            if model.kind.is_external:
                continue
            table = exp.to_table(model.name).sql(dialect="duckdb", identify=True)
            count = int(context.fetchdf(f"SELECT COUNT(*) AS n FROM {table}")["n"].iloc[0])
            rows.append((model.name, model.kind.name.value, count))
    return rows
