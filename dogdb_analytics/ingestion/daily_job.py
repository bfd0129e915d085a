"""The daily job (`make run`, `dogdb daily`): load the app's new and changed rows, `sqlmesh run`,
publish. A load that fails raises before the run starts, so no run follows a half load."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from dogdb_analytics.ingestion.app_database import AppDatabase
from dogdb_analytics.ingestion.load import LoadResult, load_app


def daily_job(
    warehouse: Path,
    app: AppDatabase,
    as_of: datetime | None = None,
    execution_time: str | None = None,
    publish_snapshot: bool = True,
    project_root: Path | None = None,
) -> LoadResult:
    """Load, run the intervals that are due (as of `execution_time`, default now), publish."""
    from dogdb_analytics.publishing.snapshot import publish
    from dogdb_analytics.warehouse import PROJECT_ROOT, opened_context

    result = load_app(warehouse, app, as_of=as_of)
    print("\n".join(result.lines()))
    with opened_context(warehouse, project_root or PROJECT_ROOT) as context:
        context.run(execution_time=execution_time)
    if publish_snapshot:
        publish(warehouse)
    return result
