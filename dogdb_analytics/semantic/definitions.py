"""The metric definitions: metrics/metrics.sql (SQLMesh METRICs) and its sidecar metrics/metrics.yaml.

Loaded with SQLMesh's own METRIC parser and expander (sqlmesh.core.metric), without a Context or a
warehouse: compiling a metric query needs neither. The sidecar is checked against the SQL on load,
so a metric without kind, grains or dimensions, or with a dimension one of its sources lacks,
fails at once with the metric's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from sqlglot import exp
from sqlmesh.core import dialect as sqlmesh_dialect
from sqlmesh.core.metric import Metric, expand_metrics, load_metric_ddl
from sqlmesh.utils import UniqueKeyDict

from dogdb_analytics.warehouse import PROJECT_ROOT

METRICS_SQL = PROJECT_ROOT / "metrics" / "metrics.sql"
METRICS_YAML = PROJECT_ROOT / "metrics" / "metrics.yaml"
GRAINS = ("day", "week", "month", "quarter", "year")
KINDS = ("additive", "semi_additive", "non_additive", "ratio", "snapshot")
DIMENSION_TYPES = ("text", "boolean")
# The grains a time column of a given grain can be rolled up to (a week belongs to no one month).
ROLL_UPS = {
    "day": GRAINS,
    "week": ("week",),
    "month": ("month", "quarter", "year"),
}


class DefinitionError(ValueError):
    """metrics/metrics.sql and metrics/metrics.yaml disagree or are incomplete."""


@dataclass(frozen=True)
class Dimension:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Source:
    """A model metrics aggregate: its time column (and that column's grain) and dimension columns."""

    table: str
    time_column: str | None
    time_grain: str | None
    dimensions: dict[str, str]


@dataclass(frozen=True)
class Part:
    """One aggregate of a base metric, computed in one source."""

    name: str
    source: str
    aggregate: exp.Expression
    semi_additive: bool


@dataclass(frozen=True)
class MetricDefinition:
    name: str
    owner: str
    description: str
    expression: exp.Expression
    kind: str
    unit: str
    grains: tuple[str, ...]
    dimensions: tuple[str, ...]
    parts: tuple[Part, ...]
    formula: exp.Expression
    needs_grain: bool = False

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({part.source for part in self.parts}))


@dataclass(frozen=True)
class Catalog:
    metrics: dict[str, MetricDefinition]
    dimensions: dict[str, Dimension]
    sources: dict[str, Source]


def _table_of(aggregate: exp.Expression, metric: str) -> str:
    tables = {".".join(p.name for p in c.parts[:-1]) for c in aggregate.find_all(exp.Column)}
    if len(tables) != 1:
        raise DefinitionError(f"Metric {metric}: an aggregate must read exactly one source model.")
    return tables.pop()


def _local(aggregate: exp.Expression) -> exp.Expression:
    """The aggregate with its columns unqualified (the compiler qualifies them per query)."""
    return aggregate.transform(
        lambda node: exp.column(node.name) if isinstance(node, exp.Column) else node
    )


def _load_sql(path: Path) -> dict[str, Metric]:
    metas = UniqueKeyDict("metrics")
    for expression in sqlmesh_dialect.parse(path.read_text(), default_dialect="duckdb"):
        meta = load_metric_ddl(expression, dialect="duckdb", path=path)
        metas[meta.name] = meta
    return dict(expand_metrics(metas))


def _base_parts(metrics: dict[str, Metric], kinds: dict[str, str]) -> dict[str, Part]:
    """Each base metric (an aggregate of one column, no metric reference) as a Part."""
    parts: dict[str, Part] = {}
    for name, metric in metrics.items():
        if isinstance(metric.expanded, exp.Alias) and metric.expanded.alias == name:
            aggregate = metric.expanded.this
            parts[name] = Part(
                name=name,
                source=_table_of(aggregate, name),
                aggregate=_local(aggregate),
                semi_additive=kinds[name] in ("semi_additive", "snapshot"),
            )
    return parts


def _check(
    name: str,
    entry: dict,
    parts: tuple[Part, ...],
    formula: exp.Expression,
    sources: dict[str, Source],
    dims: set[str],
) -> None:
    if entry.get("kind") not in KINDS:
        raise DefinitionError(f"Metric {name}: kind must be one of {', '.join(KINDS)}.")
    for source in {p.source for p in parts}:
        if source not in sources:
            raise DefinitionError(f"Metric {name}: source {source} is not in metrics.yaml.")
        spec = sources[source]
        missing = [d for d in entry["dimensions"] if d not in spec.dimensions]
        if missing or any(d not in dims for d in entry["dimensions"]):
            raise DefinitionError(f"Metric {name}: {source} has no dimension {missing}.")
        allowed = ROLL_UPS.get(spec.time_grain or "", ())
        wrong = [g for g in entry["grains"] if g not in allowed]
        if wrong:
            raise DefinitionError(f"Metric {name}: {source} cannot be cut by {wrong}.")
    if entry["kind"] == "ratio" and not isinstance(formula, exp.Div):
        raise DefinitionError(f"Metric {name}: a ratio is one metric divided by another.")


def load_catalog(sql_path: Path = METRICS_SQL, yaml_path: Path = METRICS_YAML) -> Catalog:
    """Every metric with its sidecar entry, validated; raises DefinitionError naming what is wrong."""
    metrics = _load_sql(sql_path)
    sidecar = yaml.safe_load(yaml_path.read_text())
    dimensions = {
        name: Dimension(name, spec["type"], spec["description"])
        for name, spec in sidecar["dimensions"].items()
    }
    if any(d.type not in DIMENSION_TYPES for d in dimensions.values()):
        raise DefinitionError(f"Dimension types are {', '.join(DIMENSION_TYPES)}.")
    sources = {
        table: Source(
            table=table,
            time_column=(spec.get("time") or {}).get("column"),
            time_grain=(spec.get("time") or {}).get("grain"),
            dimensions=dict(spec.get("dimensions") or {}),
        )
        for table, spec in sidecar["sources"].items()
    }
    entries: dict[str, dict] = sidecar["metrics"]
    if set(entries) != set(metrics):
        raise DefinitionError(
            "metrics.sql and metrics.yaml name different metrics: "
            f"{sorted(set(entries) ^ set(metrics))}."
        )
    base = _base_parts(metrics, {n: e.get("kind", "") for n, e in entries.items()})
    catalog: dict[str, MetricDefinition] = {}
    for name, metric in metrics.items():
        entry = entries[name]
        referenced = [a.alias for a in metric.expanded.find_all(exp.Alias)] or [name]
        parts = tuple(base[ref] for ref in dict.fromkeys(referenced))
        formula = metric.formula.this if isinstance(metric.formula, exp.Alias) else metric.formula
        _check(name, entry, parts, formula, sources, set(dimensions))
        catalog[name] = MetricDefinition(
            name=name,
            owner=metric.owner or "",
            description=metric.description or "",
            expression=metric.expression,
            kind=entry["kind"],
            unit=str(entry["unit"]),
            grains=tuple(entry["grains"]),
            dimensions=tuple(entry["dimensions"]),
            parts=parts,
            formula=formula,
            needs_grain=bool(entry.get("needs_grain", False)),
        )
    return Catalog(metrics=dict(sorted(catalog.items())), dimensions=dimensions, sources=sources)


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The project's catalog, loaded once per process."""
    return load_catalog()
