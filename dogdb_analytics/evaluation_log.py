"""A SQLMesh console that records which model intervals were evaluated.

Tests and scenarios use it to prove what a plan or run recomputed (and what it did not).
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmesh.core.console import NoopConsole
from sqlmesh.core.snapshot import Snapshot


@dataclass(frozen=True)
class EvaluatedInterval:
    model: str
    start: datetime
    end: datetime


def _utc(epoch_ms: int) -> datetime:
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).replace(tzinfo=None)


class RecordingConsole(NoopConsole):
    """Silent console that keeps every evaluated (model, interval)."""

    def __init__(self) -> None:
        super().__init__()
        self.evaluated: list[EvaluatedInterval] = []

    def update_snapshot_evaluation_progress(
        self, snapshot: Snapshot, interval: t.Any, *args: t.Any, **kwargs: t.Any
    ) -> None:
        start, end = interval
        self.evaluated.append(EvaluatedInterval(snapshot.name, _utc(start), _utc(end)))

    def models(self) -> set[str]:
        """Names (unquoted, schema.table) of the models that were evaluated."""
        return {e.model.replace('"', "").split(".", 1)[-1] for e in self.evaluated}

    def intervals_of(self, model: str) -> list[tuple[datetime, datetime]]:
        return [
            (e.start, e.end) for e in self.evaluated if e.model.replace('"', "").endswith(model)
        ]

    def clear(self) -> None:
        self.evaluated.clear()
