"""`dogdb summary`: what the last prod build holds, model by model."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlglot import exp

from dogdb_analytics.warehouse import DEFAULT_WAREHOUSE, opened_context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="DuckDB warehouse file"
    )


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


def run(args: argparse.Namespace) -> int:
    rows = summarize(args.warehouse)
    width = max(len(name) for name, _, _ in rows)
    print(f"Prod build in {args.warehouse}:")
    print(f"{'model'.ljust(width)}  {'kind'.ljust(26)}  {'rows':>12}")
    for name, kind, count in rows:
        print(f"{name.ljust(width)}  {kind.ljust(26)}  {count:>12,}")
    return 0
