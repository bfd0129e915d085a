"""Data quality: where every raw row went, the orphan accounts, the quarantined rows with their
reasons, and every model audit's result against prod."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dogdb_analytics.dashboard.formatting import count
from dogdb_analytics.dashboard.page_modules import data_quality_queries as queries
from dogdb_analytics.dashboard.snapshot import snapshot_path
from dogdb_analytics.dashboard.widgets import pick_or_all, table
from dogdb_analytics.publishing.audit_results import AUDIT_RESULTS_TABLE

TITLE = "Data quality"


def _reconciliation_section(snapshot: Path) -> None:
    st.subheader("Source rows")
    st.caption(
        "Every raw row is loaded, quarantined or deduplicated: raw = loaded + quarantined + "
        "deduplicated (quality.source_row_reconciliation)."
    )
    reconciliation = queries.reconciliation(snapshot)
    columns = st.columns(4)
    columns[0].metric("Raw rows", count(reconciliation["raw_rows"].sum()))
    columns[1].metric("Quarantined", count(reconciliation["quarantined_rows"].sum()))
    columns[2].metric("Deduplicated", count(reconciliation["deduplicated_rows"].sum()))
    columns[3].metric("Orphan account rows", count(reconciliation["orphan_account_rows"].sum()))
    st.bar_chart(
        reconciliation,
        x="source_table",
        y=["quarantined_rows", "deduplicated_rows", "orphan_account_rows"],
        x_label="source table",
        y_label="rows",
        stack=False,
    )
    table(reconciliation)


def _orphans_section(snapshot: Path) -> None:
    st.subheader("Orphan accounts")
    st.caption(
        "Account ids that interactions or licenses reference but the accounts extract lacks; "
        "facts keep them, attached to an inferred member of core.dim_accounts."
    )
    table(queries.orphan_accounts(snapshot))


def _quarantine_section(snapshot: Path) -> None:
    st.subheader("Quarantined rows")
    sources = pick_or_all(
        "Source table", queries.quarantine_sources(snapshot), key="quality_sources"
    )
    if not sources:
        st.info("No row is quarantined.")
        return
    table(queries.quarantine_by_reason(snapshot, sources))
    limit = st.number_input(
        "Rows to show", min_value=10, max_value=5000, value=100, step=10, key="quality_limit"
    )
    table(queries.quarantined_rows(snapshot, sources, int(limit)))


def _audit_section(snapshot: Path) -> None:
    st.subheader("Audits")
    if not queries.table_exists(snapshot, *AUDIT_RESULTS_TABLE):
        st.info("This snapshot was published without audit results (`dogdb publish --no-audits`).")
        return
    summary = queries.audit_summary(snapshot)
    st.caption(
        f"Every audit of every prod model, run over every interval prod holds when the snapshot "
        f"was published ({summary['checked_at']:%Y-%m-%d %H:%M} UTC)."
    )
    columns = st.columns(4)
    columns[0].metric("Audits", count(summary["audits"]))
    columns[1].metric("Models audited", count(summary["models"]))
    columns[2].metric("Failing", count(summary["failing"]))
    columns[3].metric("Failing blocking audits", count(summary["failing_blocking"]))
    failing_only = st.toggle("Failing audits only", key="quality_failing_only")
    table(queries.audit_results(snapshot, failing_only))


def render(snapshot: Path) -> None:
    st.title(TITLE)
    _reconciliation_section(snapshot)
    _orphans_section(snapshot)
    _quarantine_section(snapshot)
    _audit_section(snapshot)


if __name__ == "__main__":
    render(snapshot_path())
