"""Tiers, features and entitlements read from the project's seeds, turned into SQL macros.

The generator must agree with what the models read (seeds/plan_features.csv, seeds/features.csv,
seeds/pricing_plans.csv), so it reads the same files instead of keeping its own copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"


@dataclass(frozen=True)
class Catalog:
    """Tiers in plan-rank order, features with their release dates, and what each tier entitles."""

    tiers: tuple[str, ...]
    released_on: dict[str, date]
    entitled: dict[str, tuple[str, ...]]

    def not_entitled(self, tier: str) -> tuple[str, ...]:
        return tuple(f for f in self.released_on if f not in self.entitled[tier])

    def lost(self, from_tier: str, to_tier: str) -> tuple[str, ...]:
        """Features `from_tier` entitles and `to_tier` does not (what a downgrade takes away)."""
        return tuple(f for f in self.entitled[from_tier] if f not in self.entitled[to_tier])

    def base_features(self) -> tuple[str, ...]:
        """Features every tier entitles, released on the earliest release date."""
        first = min(self.released_on.values())
        shared = [f for f in self.released_on if all(f in e for e in self.entitled.values())]
        return tuple(f for f in shared if self.released_on[f] == first) or (
            min(self.released_on, key=lambda f: (self.released_on[f], f)),
        )


def load_catalog(connection: duckdb.DuckDBPyConnection, seeds_dir: Path = SEEDS_DIR) -> Catalog:
    def read(name: str, columns: dict[str, str]) -> str:
        spec = ", ".join(f"'{column}': '{kind}'" for column, kind in columns.items())
        return f"read_csv('{(seeds_dir / name).as_posix()}', header = true, columns = {{{spec}}})"

    plans = read(
        "pricing_plans.csv",
        {
            "pricing_plan": "VARCHAR",
            "monthly_price": "DECIMAL(10,2)",
            "payment_method": "VARCHAR",
            "plan_rank": "INTEGER",
        },
    )
    features = read(
        "features.csv",
        {
            "feature_key": "VARCHAR",
            "feature_name": "VARCHAR",
            "feature_category": "VARCHAR",
            "released_on": "DATE",
        },
    )
    plan_features = read("plan_features.csv", {"pricing_plan": "VARCHAR", "feature_key": "VARCHAR"})
    tiers = tuple(
        row[0]
        for row in connection.execute(
            f"SELECT pricing_plan FROM {plans} ORDER BY plan_rank"
        ).fetchall()
    )
    released_on = dict(
        connection.execute(
            f"SELECT feature_key, released_on FROM {features} ORDER BY released_on, feature_key"
        ).fetchall()
    )
    entitled = {tier: [] for tier in tiers}
    for tier, feature in connection.execute(
        f"SELECT pricing_plan, feature_key FROM {plan_features} ORDER BY pricing_plan, feature_key"
    ).fetchall():
        entitled[tier].append(feature)
    return Catalog(tiers, released_on, {t: tuple(f) for t, f in entitled.items()})


def _list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]::VARCHAR[]"


def define_entitlement_macros(connection: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    """entitled(t), not_entitled(t), lost(from, to), tier_rank(t), released_on(f),
    base_features() and tiers() as temporary macros of `connection`."""

    def by_tier(values: dict[str, str], default: str) -> str:
        whens = " ".join(f"WHEN '{tier}' THEN {value}" for tier, value in values.items())
        return f"CASE t {whens} ELSE {default} END"

    empty = "[]::VARCHAR[]"
    macros = {
        "entitled(t)": by_tier({t: _list(catalog.entitled[t]) for t in catalog.tiers}, empty),
        "not_entitled(t)": by_tier(
            {t: _list(catalog.not_entitled(t)) for t in catalog.tiers}, empty
        ),
        "tier_rank(t)": by_tier({t: str(i + 1) for i, t in enumerate(catalog.tiers)}, "0"),
        "released_on(f)": "CASE f "
        + " ".join(
            f"WHEN '{f}' THEN DATE '{d.isoformat()}'" for f, d in catalog.released_on.items()
        )
        + " ELSE DATE '1900-01-01' END",
        "lost(a, b)": "CASE "
        + "".join(
            f"WHEN a = '{a}' AND b = '{b}' THEN {_list(catalog.lost(a, b))} "
            for a in catalog.tiers
            for b in catalog.tiers
            if catalog.lost(a, b)
        )
        + f"WHEN false THEN {empty} ELSE {empty} END",
        "base_features()": _list(catalog.base_features()),
        "tiers()": _list(catalog.tiers),
    }
    for signature, body in macros.items():
        connection.execute(f"CREATE OR REPLACE TEMP MACRO {signature} AS {body}")
