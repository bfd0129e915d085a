"""SQLMesh signals of the project.

app_load_complete: a model's interval [start, end) is ready only once a complete load of the app
database (`dogdb load`, docs/ingestion.md) has seen the app through `end`. A load counts as
complete when its row in raw.app_loads belongs to a load package dlt has committed in full
(raw._dlt_loads, status 0): a load killed half-way never does, so no run builds a day from half
a load. A warehouse whose raw tables were written directly by the generator (no raw.app_loads)
is complete by construction.
"""

from __future__ import annotations

import datetime

from sqlmesh import ExecutionContext, signal
from sqlmesh.utils.date import DatetimeRanges

LEDGER = "raw.app_loads"
# The same query as dogdb_analytics.ingestion.load.COMPLETE_LOAD_SQL (signals are serialized into
# the model, so they import nothing of the package).
COMPLETE_LOAD_SQL = """
SELECT MAX(l.loaded_through)
FROM raw.app_loads AS l
INNER JOIN raw._dlt_loads AS d
  ON d.load_id = l._dlt_load_id AND d.status = 0
"""


@signal()
def app_load_complete(batch: DatetimeRanges, context: ExecutionContext) -> bool | DatetimeRanges:
    adapter = context.engine_adapter
    if not adapter.table_exists(LEDGER):
        return True
    row = adapter.fetchone(COMPLETE_LOAD_SQL)
    if not row or row[0] is None:
        return False
    loaded_through = row[0]
    if loaded_through.tzinfo is None:
        loaded_through = loaded_through.replace(tzinfo=datetime.UTC)
    return [interval for interval in batch if interval[1] <= loaded_through]
