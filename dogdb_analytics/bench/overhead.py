"""Where a SQLMesh step spends its time: a breakdown by the framework's phases.

`profiled_phases()` times, inside one benchmark worker, the SQLMesh methods that each phase runs
(the lint rules, the unit tests, the physical tables' DDL, each batch's query, the audits, the
virtual layer's views, the state writes); what is left of the step (planning, scheduling,
rendering) is "planning and scheduling". The wrappers only measure: every call goes through to
SQLMesh's own method with the same arguments. With more than one concurrent task the timed
phases overlap, and their sum can exceed the step's wall time.

Rendering a model's query (macros expanded, then sqlglot's optimizer: qualify, types, simplify) is
timed too, as a part of the phases that call it (mostly the batches, at every evaluation, since
SQLMesh caches a rendered query only while loading): NESTED phases are reported on their own row
and left out of the sum that gives the remainder.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlmesh.core.context import GenericContext
from sqlmesh.core.model.definition import SqlModel
from sqlmesh.core.snapshot.evaluator import SnapshotEvaluator
from sqlmesh.core.state_sync.db.facade import EngineAdapterStateSync

# phase -> the (class, method) pairs whose calls it times
PHASES: dict[str, list[tuple[type, str]]] = {
    "lint rules": [(GenericContext, "lint_models")],
    "unit tests": [(GenericContext, "test")],
    "physical tables (DDL)": [
        (SnapshotEvaluator, "create"),
        (SnapshotEvaluator, "create_snapshot"),
        (SnapshotEvaluator, "create_physical_schemas"),
        (SnapshotEvaluator, "migrate"),
    ],
    "model queries (batches)": [(SnapshotEvaluator, "evaluate")],
    "audits": [(SnapshotEvaluator, "audit")],
    "virtual layer (views)": [(SnapshotEvaluator, "promote"), (SnapshotEvaluator, "demote")],
    "state writes": [
        (EngineAdapterStateSync, name)
        for name in (
            "push_snapshots",
            "promote",
            "finalize",
            "unpause_snapshots",
            "add_interval",
            "add_snapshots_intervals",
            "remove_intervals",
            "update_auto_restatements",
        )
    ],
}
# phases timed inside the ones above: shown on their own, not added to the sum
NESTED: dict[str, list[tuple[type, str]]] = {
    "query rendering (within the rows above: macros, sqlglot optimizer)": [
        (SqlModel, "render_query")
    ],
}
REMAINDER = "planning and scheduling"


def _model_of(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    """The model (schema.table) of a SnapshotEvaluator call: its first argument is the snapshot."""
    snapshot = kwargs.get("snapshot", args[1] if len(args) > 1 else None)
    name = getattr(snapshot, "name", None)
    return name.replace('"', "").split(".", 1)[-1] if isinstance(name, str) else None


def _timed(
    method: Callable[..., Any],
    phase: str,
    totals: dict[str, float],
    per_model: dict[str, dict[str, float]],
) -> Callable[..., Any]:
    depth = threading.local()  # a phase's method calling itself (or another of its methods)

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        level = getattr(depth, "level", 0)
        depth.level = level + 1
        started = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            depth.level = level
            if level == 0:
                seconds = time.perf_counter() - started
                totals[phase] = totals.get(phase, 0.0) + seconds
                model = _model_of(args, kwargs)
                if model is not None:
                    models = per_model.setdefault(phase, {})
                    models[model] = models.get(model, 0.0) + seconds

    return wrapper


@dataclass
class Phases:
    """Seconds per phase, and per model within the phases that work on one model at a time."""

    totals: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PHASES, 0.0))
    nested: dict[str, float] = field(default_factory=lambda: dict.fromkeys(NESTED, 0.0))
    per_model: dict[str, dict[str, float]] = field(default_factory=dict)

    def breakdown(self, step_seconds: float) -> dict[str, float]:
        """The phases plus what the step spent outside them."""
        rest = max(0.0, step_seconds - sum(self.totals.values()))
        return {
            **{k: round(v, 3) for k, v in self.totals.items()},
            REMAINDER: round(rest, 3),
            **{k: round(v, 3) for k, v in self.nested.items()},
        }

    def slowest(self, phase: str, count: int = 6) -> list[list[object]]:
        models = sorted(self.per_model.get(phase, {}).items(), key=lambda item: -item[1])
        return [[model, round(seconds, 2)] for model, seconds in models[:count]]


@contextmanager
def profiled_phases() -> Iterator[Phases]:
    """Seconds per phase of the SQLMesh calls made inside the block (filled as they return)."""
    phases = Phases()
    originals: list[tuple[type, str, Any]] = []
    try:
        timed = [(PHASES, phases.totals), (NESTED, phases.nested)]
        for groups, totals in timed:
            for phase, methods in groups.items():
                for owner, name in methods:
                    original = owner.__dict__.get(name)
                    if original is None:
                        continue
                    originals.append((owner, name, original))
                    setattr(owner, name, _timed(original, phase, totals, phases.per_model))
        yield phases
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
