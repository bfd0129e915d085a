"""The Data quality page's queries: reconciliation, quarantine, orphans, conflicts and audit
results, read from the quality and reporting models of the published snapshot (no metric applies)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from dogdb_analytics.dashboard.snapshot import read, table_exists, values

__all__ = ["table_exists"]

RECONCILIATION = """
SELECT source_table, raw_rows, loaded_rows, quarantined_rows, deduplicated_rows,
  orphan_account_rows, unknown_rep_rows, ambiguous_rep_rows, missing_rep_rows,
  unaccounted_rows = 0 AS reconciles
FROM quality.source_row_reconciliation
ORDER BY source_table
"""

QUARANTINE_SOURCES = """
SELECT DISTINCT source_table FROM quality.quarantined_rows ORDER BY source_table
"""

QUARANTINE_BY_REASON = """
SELECT source_table, reject_reason, quarantined_rows
FROM quality.quarantine_summary
WHERE list_contains(CAST(? AS VARCHAR[]), source_table)
ORDER BY quarantined_rows DESC, source_table, reject_reason
"""

QUARANTINED_ROWS = """
SELECT source_table, reject_reason, account_id, row_timestamp, raw_record
FROM quality.quarantined_rows
WHERE list_contains(CAST(? AS VARCHAR[]), source_table)
ORDER BY source_table, reject_reason, row_timestamp, row_fingerprint, duplicate_number
LIMIT ?
"""

# Orphans: account ids that facts reference but the accounts extract lacks (inferred members).
ORPHAN_ACCOUNTS = """
SELECT account_id, interactions, licenses FROM reporting.orphan_accounts ORDER BY account_id
"""

AUDIT_RESULTS = """
SELECT model, audit, audit_arguments, blocking, skipped, failing_rows, checked_at
FROM quality.audit_results
WHERE (NOT ? OR failing_rows > 0)
ORDER BY failing_rows DESC NULLS LAST, model, audit, audit_arguments
"""

AUDIT_SUMMARY = """
SELECT
  CAST(COUNT(*) AS BIGINT) AS audits,
  CAST(COUNT(*) FILTER (WHERE failing_rows > 0) AS BIGINT) AS failing,
  CAST(COUNT(*) FILTER (WHERE failing_rows > 0 AND blocking) AS BIGINT) AS failing_blocking,
  CAST(COUNT(*) FILTER (WHERE skipped) AS BIGINT) AS skipped,
  CAST(COUNT(DISTINCT model) AS BIGINT) AS models,
  MAX(checked_at) AS checked_at
FROM quality.audit_results
"""


def reconciliation(snapshot: Path) -> pd.DataFrame:
    return read(snapshot, RECONCILIATION)


def quarantine_sources(snapshot: Path) -> list[str]:
    return values(read(snapshot, QUARANTINE_SOURCES))


def quarantine_by_reason(snapshot: Path, sources: Sequence[str]) -> pd.DataFrame:
    return read(snapshot, QUARANTINE_BY_REASON, [list(sources)])


def quarantined_rows(snapshot: Path, sources: Sequence[str], limit: int) -> pd.DataFrame:
    return read(snapshot, QUARANTINED_ROWS, [list(sources), int(limit)])


def orphan_accounts(snapshot: Path) -> pd.DataFrame:
    return read(snapshot, ORPHAN_ACCOUNTS)


def audit_results(snapshot: Path, failing_only: bool) -> pd.DataFrame:
    return read(snapshot, AUDIT_RESULTS, [bool(failing_only)])


def audit_summary(snapshot: Path) -> dict[str, object]:
    return read(snapshot, AUDIT_SUMMARY).iloc[0].to_dict()


# Every key that arrived in conflicting versions (a version lost a conflict): each version, the one
# that won and the source's rule (quality.source_conflicts).
SOURCE_CONFLICTS = """
SELECT source_table, conflict_key, version_number, resolution, version_record, surviving_record,
  load_date, resolution_rule
FROM quality.source_conflicts AS c
WHERE EXISTS (
  SELECT 1 FROM quality.source_conflicts AS lost
  WHERE lost.resolution = 'lost conflict'
    AND lost.source_table = c.source_table AND lost.conflict_key = c.conflict_key
)
ORDER BY source_table, load_date DESC, conflict_key, version_number
"""


def source_conflicts(snapshot: Path) -> pd.DataFrame:
    return read(snapshot, SOURCE_CONFLICTS)
