"""Prove that two engines built the same numbers: every checked model, row by row.

For each model of the checked schemas the rows of both engines are read, normalised (money and
other decimals rounded to cents, timestamps as naive UTC to the microsecond, integral numbers as
integers) and matched on the model's grain. Row counts must be equal, every grain key must be on
both sides, and every column must agree (floating-point columns within a relative 1e-9, since
engines sum in different orders). A difference names the model and shows the first rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlglot import exp
from sqlmesh import Context

CHECKED_SCHEMAS = ("core", "marts", "reporting", "semantic", "quality")
# Models too big to diff in Python on every run (none since access became intervals: 11k rows at
# `small` instead of the 1.2M-row weekly fact).
NOT_DIFFED: set[str] = set()
# Columns that hold the moment of the build (@execution_ts), which two builds never share (none:
# "now" is the end of the data, core.dim_extract_end).
BUILD_TIME_COLUMNS: dict[str, tuple[str, ...]] = {}
FLOAT_RELATIVE_TOLERANCE = 1e-9
FLOAT_ABSOLUTE_TOLERANCE = 1e-9
CENT = Decimal("0.01")
EXAMPLE_ROWS = 5

Fetch = Callable[[str], Sequence[Sequence[Any]]]


@dataclass(frozen=True)
class CheckedModel:
    name: str  # schema.table
    columns: tuple[str, ...]
    types: tuple[exp.DataType, ...]
    grain: tuple[str, ...]


@dataclass
class ModelComparison:
    model: str
    left_rows: int
    right_rows: int
    differences: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return self.left_rows == self.right_rows and not self.differences


class EnginesDisagree(AssertionError):
    """Raised when at least one model differs between two engines."""


def checked_models(context: Context) -> list[CheckedModel]:
    """The models of CHECKED_SCHEMAS (seeds and staging views are inputs, not results)."""
    models: list[CheckedModel] = []
    for model in context.models.values():
        name = f"{model.schema_name}.{model.view_name}"
        if model.schema_name not in CHECKED_SCHEMAS or name in NOT_DIFFED:
            continue
        skipped = BUILD_TIME_COLUMNS.get(name, ())
        columns_to_types = {
            column: kind
            for column, kind in (model.columns_to_types or {}).items()
            if column not in skipped
        }
        grain = tuple(
            column.name for grain in model.grains for column in grain.find_all(exp.Column)
        )
        models.append(
            CheckedModel(
                name=name,
                columns=tuple(columns_to_types),
                types=tuple(columns_to_types.values()),
                grain=grain or tuple(columns_to_types),
            )
        )
    return sorted(models, key=lambda m: m.name)


def normalise(value: Any, declared: exp.DataType) -> Any:
    """One value in an engine-independent form (see the module description)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        if declared.is_type(*exp.DataType.INTEGER_TYPES):
            return int(value)
        if declared.is_type(exp.DataType.Type.DECIMAL):
            return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
        return float(value)
    return str(value)


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(
            left, right, rel_tol=FLOAT_RELATIVE_TOLERANCE, abs_tol=FLOAT_ABSOLUTE_TOLERANCE
        )
    return bool(left == right)


def _keyed(
    model: CheckedModel, rows: Iterable[Sequence[Any]]
) -> tuple[dict[tuple[Any, ...], tuple[Any, ...]], list[str]]:
    positions = [model.columns.index(column) for column in model.grain]
    keyed: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    duplicates: list[str] = []
    for row in rows:
        normal = tuple(normalise(v, t) for v, t in zip(row, model.types, strict=True))
        key = tuple(normal[p] for p in positions)
        if key in keyed:
            duplicates.append(f"duplicate grain {_show(model.grain, key)}")
        keyed[key] = normal
    return keyed, duplicates


def _show(columns: Sequence[str], values: Sequence[Any]) -> str:
    return "(" + ", ".join(f"{c}={v!r}" for c, v in zip(columns, values, strict=True)) + ")"


def compare_rows(
    model: CheckedModel,
    left: Sequence[Sequence[Any]],
    right: Sequence[Sequence[Any]],
    left_name: str,
    right_name: str,
) -> ModelComparison:
    """Match both engines' rows on the grain and list the differences, first ones first."""
    comparison = ModelComparison(model.name, len(left), len(right))
    left_keyed, left_duplicates = _keyed(model, left)
    right_keyed, right_duplicates = _keyed(model, right)
    found = [f"{left_name}: {d}" for d in left_duplicates]
    found += [f"{right_name}: {d}" for d in right_duplicates]
    for key in sorted(left_keyed.keys() - right_keyed.keys(), key=repr):
        found.append(f"only in {left_name}: {_show(model.columns, left_keyed[key])}")
    for key in sorted(right_keyed.keys() - left_keyed.keys(), key=repr):
        found.append(f"only in {right_name}: {_show(model.columns, right_keyed[key])}")
    for key in sorted(left_keyed.keys() & right_keyed.keys(), key=repr):
        a, b = left_keyed[key], right_keyed[key]
        columns = [c for c, x, y in zip(model.columns, a, b, strict=True) if not _same(x, y)]
        if columns:
            found.append(
                f"differs at {_show(model.grain, key)} in {', '.join(columns)}:\n"
                f"      {left_name}: {_show(model.columns, a)}\n"
                f"      {right_name}: {_show(model.columns, b)}"
            )
    comparison.differences = found
    return comparison


def select_sql(model: CheckedModel) -> str:
    """The query every engine answers alike: plain lower-case identifiers, no quoting."""
    return f"SELECT {', '.join(model.columns)} FROM {model.name}"


def compare_engines(
    models: Sequence[CheckedModel],
    left: tuple[str, Fetch],
    right: tuple[str, Fetch],
) -> list[ModelComparison]:
    """Compare every model between two engines, each given as (name, fetch rows of a query)."""
    (left_name, left_fetch), (right_name, right_fetch) = left, right
    comparisons = []
    for model in models:
        sql = select_sql(model)
        comparisons.append(
            compare_rows(model, left_fetch(sql), right_fetch(sql), left_name, right_name)
        )
    return comparisons


def report(comparisons: Sequence[ModelComparison], left_name: str, right_name: str) -> str:
    """A readable report: one line per model, then the first differing rows of each failure."""
    lines = []
    for c in comparisons:
        status = "same" if c.equal else "DIFFERENT"
        lines.append(
            f"  {c.model:<50} {left_name} {c.left_rows:>9,}  {right_name} {c.right_rows:>9,}"
            f"  {status}"
        )
    for c in comparisons:
        if c.equal:
            continue
        lines.append(
            f"{c.model}: {left_name} has {c.left_rows:,} rows, {right_name} {c.right_rows:,}; "
            f"{len(c.differences)} difference(s), the first {EXAMPLE_ROWS}:"
        )
        lines.extend(f"    {d}" for d in c.differences[:EXAMPLE_ROWS])
    return "\n".join(lines)


def assert_engines_agree(
    comparisons: Sequence[ModelComparison], left_name: str, right_name: str
) -> None:
    """Raise EnginesDisagree naming every differing model (with its first differing rows)."""
    different = [c.model for c in comparisons if not c.equal]
    if different:
        raise EnginesDisagree(
            f"{left_name} and {right_name} disagree on {', '.join(different)}\n"
            + report(comparisons, left_name, right_name)
        )
