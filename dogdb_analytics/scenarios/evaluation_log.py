"""A SQLMesh console that records which model intervals were evaluated.

Tests and scenarios use it to prove what a plan or run recomputed (and what it did not).
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmesh.core.console import NoopConsole
from sqlmesh.core.engine_adapter import EngineAdapter
from sqlmesh.core.snapshot import Snapshot
from sqlmesh.utils.errors import AuditError, NodeAuditsErrors


@dataclass(frozen=True)
class EvaluatedInterval:
    model: str
    start: datetime
    end: datetime
    seconds: float = 0.0  # evaluation and audits of the batch, as SQLMesh reports it


def _utc(epoch_ms: int) -> datetime:
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).replace(tzinfo=None)


class RecordingConsole(NoopConsole):
    """Silent console that keeps every evaluated (model, interval)."""

    def __init__(self) -> None:
        super().__init__()
        self.evaluated: list[EvaluatedInterval] = []
        self.audit_failures: list[AuditError] = []

    def log_failed_models(self, errors: list[t.Any]) -> None:
        for error in errors:
            cause: BaseException | None = error
            while cause is not None:
                if isinstance(cause, AuditError):
                    self.audit_failures.append(cause)
                elif isinstance(cause, NodeAuditsErrors):
                    self.audit_failures.extend(cause.errors)
                cause = cause.__cause__

    def update_snapshot_evaluation_progress(
        self,
        snapshot: Snapshot,
        interval: t.Any,
        batch_idx: int = 0,
        duration_ms: int | None = None,
        *args: t.Any,
        **kwargs: t.Any,
    ) -> None:
        start, end = interval
        seconds = (duration_ms or 0) / 1000
        self.evaluated.append(EvaluatedInterval(snapshot.name, _utc(start), _utc(end), seconds))

    def models(self) -> set[str]:
        """Names (unquoted, schema.table) of the models that were evaluated."""
        return {e.model.replace('"', "").split(".", 1)[-1] for e in self.evaluated}

    def seconds_per_model(self) -> dict[str, float]:
        """Seconds spent per model (schema.table), slowest first."""
        totals: dict[str, float] = {}
        for e in self.evaluated:
            name = e.model.replace('"', "").split(".", 1)[-1]
            totals[name] = totals.get(name, 0.0) + e.seconds
        return dict(sorted(totals.items(), key=lambda item: -item[1]))

    def intervals_of(self, model: str) -> list[tuple[datetime, datetime]]:
        return [
            (e.start, e.end) for e in self.evaluated if e.model.replace('"', "").endswith(model)
        ]

    def clear(self) -> None:
        self.evaluated.clear()


def describe_audit_failure(
    failure: AuditError, adapter: EngineAdapter, example_rows: int = 5
) -> str:
    """A readable message: the model, the audit, how many rows failed and a few of them."""
    query = failure.sql(dialect=adapter.dialect)
    examples = adapter.fetchall(f"SELECT * FROM ({query}) AS failed LIMIT {int(example_rows)}")
    lines = [
        f"Blocking audit '{failure.audit_name}' failed on model {failure.model_name}: "
        f"{failure.count} row(s). Examples:"
    ]
    lines += [f"  {row}" for row in examples]
    return "\n".join(lines)
