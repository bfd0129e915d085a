"""How each app table is loaded (one place): its cursor, its key and how a re-extracted row
replaces the one already loaded. docs/ingestion.md explains the choices."""

from __future__ import annotations

from dataclasses import dataclass

# The interactions table has no updated_at and no key: every load re-extracts the trailing window
# of created_at (14 days, as the fact's lookback) and replaces, per created_at value, what the
# warehouse holds. A resolution up to 14 days late is therefore caught.
INTERACTIONS_WINDOW_DAYS = 14


@dataclass(frozen=True)
class LoadSpec:
    """cursor: the column whose high-water mark the next load starts from; primary_key: upsert on
    it (merge); merge_key: replace every warehouse row whose value appears in the new extract;
    lag_days: re-extract this far behind the high-water mark; hard_deletes: rows gone from the
    app are deleted from raw (tombstones), so the SCD2 snapshot closes them."""

    cursor: str
    primary_key: str | None = None
    merge_key: str | None = None
    lag_days: int | None = None
    hard_deletes: bool = False


LOAD_SPECS: dict[str, LoadSpec] = {
    "customer_accounts": LoadSpec("updated_at", primary_key="account_id", hard_deletes=True),
    "customer_interactions": LoadSpec(
        "created_at", merge_key="created_at", lag_days=INTERACTIONS_WINDOW_DAYS
    ),
    # No key either (license_id hides in the JSON): each new state (a new updated_at) is a new
    # version row; staging keeps the latest, as for a license extracted twice.
    "customer_licenses": LoadSpec("updated_at", merge_key="updated_at"),
    "account_tier_changes": LoadSpec("changed_at", merge_key="changed_at"),
    "feature_trials": LoadSpec("starts_at", merge_key="starts_at"),
    "product_usage_events": LoadSpec("event_id", primary_key="event_id"),
}
