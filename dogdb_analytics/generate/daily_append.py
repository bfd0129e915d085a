"""`append_day`: one more day of the app's extract, as tomorrow's load would bring it.

Day D is the day after the newest interaction. The extract is a full snapshot, so besides new
rows (accounts, licenses, interactions, usage events, tier changes) the day also changes rows in
place: accounts whose tier changed get their new current_tier, and some interactions opened in the
previous ten days are now resolved. Every draw is keyed on (seed, D, row), so it is deterministic.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from dogdb_analytics.generate.sources import SEEDS_DIR, connect, define_macros


def _day(connection: duckdb.DuckDBPyConnection) -> date:
    latest = connection.execute(
        "SELECT max(CAST(created_at AS DATE)) FROM raw.customer_interactions"
    ).fetchone()[0]
    if latest is None:
        raise ValueError("raw.customer_interactions is empty: generate the extract first")
    return date.fromordinal(latest.toordinal() + 1)


def append_day(warehouse: Path, seed: int = 42) -> dict[str, int | str]:
    """Append day D to the raw extract in `warehouse`; returns what was added or changed."""
    with connect(Path(warehouse)) as connection:
        define_macros(connection, seed)
        day = _day(connection)
        key = day.toordinal()
        d = f"DATE '{day.isoformat()}'"
        day_end = f"(CAST({d} AS TIMESTAMP) + INTERVAL 86399 SECOND)"
        reps = (SEEDS_DIR / "service_representatives.csv").as_posix()
        connection.execute("BEGIN TRANSACTION")
        connection.execute(
            """
            CREATE OR REPLACE TEMP TABLE day_accounts AS
            SELECT account_id,
                   CASE lower(trim(current_tier)) WHEN 'free' THEN 'Free'
                        WHEN 'medium' THEN 'Medium' WHEN 'enterprise' THEN 'Enterprise' END AS tier
            FROM (SELECT DISTINCT account_id, current_tier FROM raw.customer_accounts
                  WHERE account_id IS NOT NULL)
            """
        )
        existing = connection.execute("SELECT count(*) FROM day_accounts").fetchone()[0]
        new_accounts = max(1, round(existing * 0.001))
        connection.execute(
            f"""
            INSERT INTO raw.customer_accounts
            WITH ids AS (
                SELECT (SELECT max(account_id) FROM raw.customer_accounts) + 1 + i AS account_id
                FROM range({new_accounts}) AS r(i)
            )
            SELECT account_id, 'user' || account_id || '@gmail.com',
                   CASE WHEN u(account_id, 'tier' || {key}) < 0.7 THEN 'Free' ELSE 'Medium' END,
                   ts_between(CAST({d} AS TIMESTAMP), {day_end}, u(account_id, 'at' || {key})),
                   NULL
            FROM ids
            """
        )
        connection.execute(
            "UPDATE raw.customer_accounts SET updated_at = created_at WHERE updated_at IS NULL"
        )
        connection.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE day_changes AS
            SELECT account_id, tier AS from_tier,
                   CASE tier WHEN 'Free' THEN 'Medium' WHEN 'Medium' THEN 'Enterprise'
                        ELSE 'Medium' END AS to_tier,
                   ts_between(CAST({d} AS TIMESTAMP), {day_end}, u(account_id, 'cat' || {key}))
                       AS changed_at
            FROM day_accounts
            WHERE tier IS NOT NULL
            ORDER BY u(account_id, 'change' || {key})
            LIMIT {max(1, round(existing * 0.0005))}
            """
        )
        connection.execute(
            "INSERT INTO raw.account_tier_changes "
            "SELECT account_id, from_tier, to_tier, changed_at FROM day_changes"
        )
        connection.execute(
            """
            UPDATE raw.customer_accounts SET current_tier = c.to_tier, updated_at = c.changed_at
            FROM day_changes AS c WHERE c.account_id = raw.customer_accounts.account_id
            """
        )
        new_licenses = connection.execute(
            f"""
            INSERT INTO raw.customer_licenses
            WITH seats AS (
                SELECT account_id, created_at, unnest(range(2)) AS seat
                FROM raw.customer_accounts WHERE CAST(created_at AS DATE) = {d}
            )
            SELECT account_id,
                   '{{“license_id”:“' || sha1('{key}-' || account_id || '-' || seat || '-{seed}')
                   || '”,“role”: “' || CASE seat WHEN 0 THEN 'admin' ELSE 'developer' END
                   || '”,“status”: “active”}}',
                   created_at + INTERVAL 1 MINUTE, created_at + INTERVAL 1 MINUTE
            FROM seats
            """
        ).fetchone()[0]
        daily_interactions = connection.execute(
            f"SELECT greatest(1, count(*) // 30) FROM raw.customer_interactions "
            f"WHERE created_at >= {d} - INTERVAL 30 DAY"
        ).fetchone()[0]
        connection.execute(
            f"""
            INSERT INTO raw.customer_interactions
            WITH reps AS (
                SELECT list(first_name ORDER BY first_name) AS names
                FROM read_csv('{reps}', header = true,
                    columns = {{'id': 'INTEGER', 'email': 'VARCHAR', 'first_name': 'VARCHAR',
                               'last_name': 'VARCHAR', 'start_date': 'DATE', 'end_date': 'DATE'}})
                WHERE start_date <= {d} AND (end_date IS NULL OR end_date >= {d})
            ), picked AS (
                SELECT account_id, i,
                       ts_between(CAST({d} AS TIMESTAMP), {day_end} - INTERVAL 2 HOUR,
                                  u(i, 'at' || {key})) AS created_at
                FROM (SELECT account_id, row_number() OVER (ORDER BY u(account_id, 'ia' || {key}),
                             account_id) AS i
                      FROM day_accounts)
                WHERE i <= {daily_interactions}
            )
            SELECT p.account_id,
                   pick(['web', 'email', 'phone', 'chat'], u(p.i, 'ch' || {key})),
                   pick(['Tech Support', 'Billing', 'Account Change', 'Onboarding',
                         'Feature Request'], u(p.i, 'cat' || {key})),
                   pick(r.names, u(p.i, 'rep' || {key})),
                   CASE WHEN u(p.i, 'st' || {key}) < 0.5 THEN 'resolved' ELSE 'open' END,
                   p.created_at,
                   CASE WHEN u(p.i, 'st' || {key}) < 0.5
                        THEN p.created_at + INTERVAL 1 HOUR END
            FROM picked AS p, reps AS r
            """
        )
        resolved = connection.execute(
            f"""
            UPDATE raw.customer_interactions
            SET status = 'resolved',
                completed_at = ts_between(CAST({d} AS TIMESTAMP), {day_end},
                                          u(hash(created_at, account_id), 'done' || {key}))
            WHERE status = 'open' AND completed_at IS NULL AND account_id IS NOT NULL
              AND created_at >= {d} - INTERVAL 10 DAY AND created_at < {d}
              AND u(hash(created_at, account_id), 'flip' || {key}) < 0.3
            """
        ).fetchone()[0]
        daily_events = connection.execute(
            f"SELECT greatest(1, count(*) // 30) FROM raw.product_usage_events "
            f"WHERE occurred_at >= {d} - INTERVAL 30 DAY"
        ).fetchone()[0]
        connection.execute(
            f"""
            INSERT INTO raw.product_usage_events
            WITH fixed AS (
                SELECT account_id, replace(replace(license_data, '“', '"'), '”', '"') AS j
                FROM raw.customer_licenses WHERE account_id IS NOT NULL
            ), seats AS (
                SELECT f.account_id, json_extract_string(f.j, '$.license_id') AS license_id,
                       coalesce(a.tier, 'Free') AS tier,
                       row_number() OVER (ORDER BY json_extract_string(f.j, '$.license_id'))
                           AS seat_number
                FROM fixed AS f LEFT JOIN day_accounts AS a ON a.account_id = f.account_id
                WHERE json_valid(f.j) AND json_extract_string(f.j, '$.status') = 'active'
            ), n AS (SELECT count(*) AS seats FROM seats),
            base AS (SELECT coalesce(max(event_id), 0) AS base FROM raw.product_usage_events),
            events AS (
                SELECT i, 1 + CAST(floor(u(i, 'seat' || {key}) * n.seats) AS BIGINT) AS seat_number
                FROM range({daily_events}) AS r(i), n
            )
            SELECT base.base + e.i + 1, s.account_id, s.license_id,
                   pick(entitled(s.tier), u(e.i, 'f' || {key})),
                   ts_between(CAST({d} AS TIMESTAMP), {day_end}, u(e.i, 'at' || {key}))
            FROM events AS e JOIN seats AS s ON s.seat_number = e.seat_number, base
            """
        )
        connection.execute("COMMIT")
        return {
            "day": day.isoformat(),
            "new_accounts": new_accounts,
            "tier_changes": connection.execute("SELECT count(*) FROM day_changes").fetchone()[0],
            "new_licenses": new_licenses,
            "new_interactions": daily_interactions,
            "interactions_resolved": resolved,
            "new_usage_events": daily_events,
        }
