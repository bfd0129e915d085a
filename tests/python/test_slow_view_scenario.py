"""The slow-view scenario end to end: the fix equals the legacy view and promotion is virtual."""

from __future__ import annotations

from pathlib import Path

import pytest

from dogdb_analytics.scenarios.slow_view import run_scenario


@pytest.mark.parametrize("scale", ["sample", "small"])
def test_fix_matches_legacy_view_and_promotion_recomputes_nothing(
    scale: str, tmp_path: Path
) -> None:
    result = run_scenario(tmp_path, scale=scale, runs=1)
    assert result.changed_models == [("reporting.account_activity_monthly", "BREAKING")]
    assert result.diff_source_rows == result.diff_target_rows > 0
    assert result.diff_differences == 0
    assert result.promotion_batches == 0
    assert result.ok
    assert set(result.query_medians) == {
        "top accounts last 12 months",
        "one account's history",
        "monthly totals",
        "monthly top 10 by rank",
        "developer-license leaders last month",
        "resolution rate by license band",
    }
