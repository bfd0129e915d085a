"""Every model audit of the project, run against prod's tables, with its result.

SQLMesh runs a model's audits when it evaluates the model and keeps nothing but the outcome of the
run. For the data-quality dashboard the publication step runs every audit of every model in the
prod environment again, through SQLMesh's own snapshot evaluator (the same rendering and the same
COUNT(*) of failing rows as `sqlmesh audit`), over every interval prod holds, and records one row
per audit in the published snapshot (`quality.audit_results`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlmesh import Context
from sqlmesh.core.snapshot import Snapshot

from dogdb_analytics.warehouse import opened_context

AUDIT_RESULTS_TABLE = ("quality", "audit_results")
AUDIT_RESULTS_COLUMNS = (
    "model",
    "audit",
    "audit_arguments",
    "blocking",
    "skipped",
    "failing_rows",
    "checked_from",
    "checked_to",
    "checked_at",
)


@dataclass(frozen=True)
class AuditResultRow:
    """One audit of one prod model: how many rows broke it when it was checked."""

    model: str
    audit: str
    audit_arguments: str
    blocking: bool
    skipped: bool
    failing_rows: int | None
    checked_from: datetime
    checked_to: datetime
    checked_at: datetime

    def as_tuple(self) -> tuple[object, ...]:
        return tuple(getattr(self, column) for column in AUDIT_RESULTS_COLUMNS)


def _utc(epoch_ms: int) -> datetime:
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).replace(tzinfo=None)


def _environment_snapshots(context: Context, environment: str) -> dict[str, Snapshot]:
    state = context.state_reader
    env = state.get_environment(environment)
    if env is None:
        raise ValueError(f"environment {environment!r} does not exist: build it first")
    return {snapshot.name: snapshot for snapshot in state.get_snapshots(env.snapshots).values()}


def collect_audit_results(warehouse: Path, environment: str = "prod") -> list[AuditResultRow]:
    """Run every audit of every model of `environment` over the intervals it holds.

    Opens the warehouse through a SQLMesh Context (so it must not be held by another writer, as
    after `sqlmesh run`), and closes every connection before returning.
    """
    checked_at = datetime.now(tz=UTC).replace(tzinfo=None)
    rows: list[AuditResultRow] = []
    with opened_context(warehouse) as context:
        snapshots = _environment_snapshots(context, environment)
        for snapshot in sorted(snapshots.values(), key=lambda s: s.name):
            if not snapshot.is_model or not snapshot.intervals:
                continue
            if not snapshot.node.audits_with_args:
                continue
            start = min(interval[0] for interval in snapshot.intervals)
            end = max(interval[1] for interval in snapshot.intervals)
            for result in context.snapshot_evaluator.audit(
                snapshot=snapshot, snapshots=snapshots, start=start, end=end
            ):
                arguments = ", ".join(
                    f"{name} := {value.sql(dialect='duckdb')}"
                    for name, value in sorted(result.audit_args.items())
                )
                rows.append(
                    AuditResultRow(
                        model=snapshot.model.name,
                        audit=result.audit.name,
                        audit_arguments=arguments,
                        blocking=bool(result.blocking),
                        skipped=bool(result.skipped),
                        failing_rows=None if result.count is None else int(result.count),
                        checked_from=_utc(start),
                        checked_to=_utc(end),
                        checked_at=checked_at,
                    )
                )
    return rows
