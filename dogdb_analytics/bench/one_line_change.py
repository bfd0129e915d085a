"""The benchmark's one-line change to one mart, applied to a throwaway copy of the project."""

from __future__ import annotations

from pathlib import Path

MART = "marts.mart_billing_lines"
MART_FILE = Path("models/marts/billing/mart_billing_lines.sql")
# A refactor a reviewer would accept: the same proration with the factors reordered. SQLMesh
# sees a changed query (a breaking change), so the mart and everything downstream is rebuilt.
BEFORE = "CAST(monthly_price AS DOUBLE) * days_on_plan / days_in_month AS prorated_amount"
AFTER = "days_on_plan * CAST(monthly_price AS DOUBLE) / days_in_month AS prorated_amount"


def apply_one_line_change(project: Path) -> None:
    path = project / MART_FILE
    text = path.read_text()
    if text.count(BEFORE) != 1:
        raise RuntimeError(f"the benchmark's one-line change no longer applies to {MART_FILE}")
    path.write_text(text.replace(BEFORE, AFTER))
