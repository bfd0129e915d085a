"""`append_day`: one more day of the app's extract, as tomorrow's load would bring it.

Day D is the day after the newest interaction. The extract is a full snapshot, so besides new
rows (accounts, licenses, interactions, usage events, tier changes, all timestamped on D) the day
also changes rows in place: accounts whose tier changed get their new current_tier and updated_at,
and some interactions opened in the previous ten days are now resolved (completed on D). Every
draw is keyed on (seed, D, row), so the same warehouse and seed always append the same day.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb

from dogdb_analytics.generate.entitlements import SEEDS_DIR
from dogdb_analytics.generate.sources import connect, define_macros

NEW_ACCOUNT_SHARE = 0.001  # of the existing accounts
TIER_CHANGE_SHARE = 0.0005
EXISTING_ACCOUNT_LICENSE_SHARE = 0.001
RESOLVED_SHARE = 0.3  # of the interactions open in the previous ten days
DOMAINS = "['gmail.com', 'outlook.com', 'acme.io', 'example.org', 'fastmail.com']"
FIXED_JSON = "replace(replace(license_data, '“', '\"'), '”', '\"')"


def _day(connection: duckdb.DuckDBPyConnection) -> date:
    latest = connection.execute(
        "SELECT max(CAST(created_at AS DATE)) FROM raw.customer_interactions"
    ).fetchone()[0]
    if latest is None:
        raise ValueError("raw.customer_interactions is empty: generate the extract first")
    return latest + timedelta(days=1)


def _scalar(connection: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(connection.execute(sql).fetchone()[0])


def append_day(warehouse: Path, seed: int = 42, day: date | None = None) -> dict[str, int | str]:
    """Append day D to the raw extract in `warehouse`; returns D ('day') and what changed. D is
    `day`, or else the day after the latest interaction."""
    with connect(Path(warehouse)) as connection:
        define_macros(connection, seed)
        day = day or _day(connection)
        key = day.toordinal()
        start = f"TIMESTAMP '{day.isoformat()} 00:00:00'"
        end = f"TIMESTAMP '{day.isoformat()} 23:59:59'"
        reps = (SEEDS_DIR / "service_representatives.csv").as_posix()
        connection.execute("BEGIN TRANSACTION")

        # Accounts as of yesterday, one row each, tier spelled as in the plans (NULL if unknown).
        connection.execute(
            """
            CREATE OR REPLACE TEMP TABLE day_accounts AS
            SELECT account_id, min(created_at) AS created_at,
                   arg_max(list_filter(tiers(), lambda t: lower(t) = lower(trim(current_tier)))[1],
                           updated_at) AS tier
            FROM raw.customer_accounts WHERE account_id IS NOT NULL
            GROUP BY account_id
            """
        )
        existing = _scalar(connection, "SELECT count(*) FROM day_accounts")

        # Tier changes of the day, logged and applied to the snapshot.
        connection.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE day_changes AS
            SELECT account_id, tier AS from_tier,
                   pick(list_filter(tiers(), lambda t: t <> tier), u(account_id, 'to-{key}'))
                       AS to_tier,
                   ts_between({start}, {end}, u(account_id, 'changed-{key}')) AS changed_at
            FROM day_accounts
            WHERE tier IS NOT NULL
            ORDER BY u(account_id, 'change-{key}'), account_id
            LIMIT {max(1, round(existing * TIER_CHANGE_SHARE))}
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

        # New accounts (ids after the largest), created early enough for a first license.
        new_accounts = max(1, round(existing * NEW_ACCOUNT_SHARE))
        connection.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE day_new_accounts AS
            WITH ids AS (
                SELECT CAST((SELECT max(account_id) FROM raw.customer_accounts) + 1 + i
                            AS INTEGER) AS account_id
                FROM range({new_accounts}) AS r(i)
            )
            SELECT account_id,
                   'user' || account_id || '@' || pick({DOMAINS}, u(account_id, 'domain'))
                       AS email,
                   CASE WHEN u(account_id, 'tier-{key}') < 0.6 THEN 'Free'
                        WHEN u(account_id, 'tier-{key}') < 0.9 THEN 'Medium'
                        ELSE 'Enterprise' END AS tier,
                   ts_between({start}, {end} - INTERVAL 4 HOUR, u(account_id, 'at-{key}'))
                       AS created_at
            FROM ids
            """
        )
        connection.execute(
            "INSERT INTO raw.customer_accounts "
            "SELECT account_id, email, tier, created_at, created_at FROM day_new_accounts"
        )

        # Licenses: 1-3 for each new account (the first an admin), one for a few existing ones.
        connection.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE day_licenses AS
            WITH seats AS (
                SELECT account_id, created_at AS after,
                       unnest(range(1 + CAST(floor(u(account_id, 'seats-{key}') * 3) AS INT)))
                           AS seat
                FROM day_new_accounts
                UNION ALL
                SELECT * FROM (
                    SELECT account_id, {start}, 100 FROM day_accounts
                    WHERE tier IS NOT NULL
                    ORDER BY u(account_id, 'license-{key}'), account_id
                    LIMIT {max(1, round(existing * EXISTING_ACCOUNT_LICENSE_SHARE))}
                )
            )
            SELECT account_id,
                   sha1('{seed}-{key}-' || account_id || '-' || seat) AS license_id,
                   CASE WHEN seat = 0 THEN 'admin'
                        WHEN u(account_id * 1000 + seat, 'role-{key}') < 0.45 THEN 'developer'
                        WHEN u(account_id * 1000 + seat, 'role-{key}') < 0.80 THEN 'analyst'
                        ELSE 'admin' END AS role,
                   ts_between(after, after + INTERVAL 2 HOUR,
                              u(account_id * 1000 + seat, 'lat-{key}')) AS created_at
            FROM seats
            """
        )
        new_licenses = _scalar(connection, "SELECT count(*) FROM day_licenses")
        connection.execute(
            """
            INSERT INTO raw.customer_licenses
            SELECT account_id,
                   '{“license_id”:“' || license_id || '”,“role”: “' || role
                   || '”,“status”: “active”}',
                   created_at, created_at
            FROM day_licenses
            """
        )

        # Interactions of the day (about the average of the last 30 days), by existing accounts.
        daily_interactions = _scalar(
            connection,
            "SELECT greatest(1, count(*) // 30) FROM raw.customer_interactions "
            f"WHERE created_at >= {start} - INTERVAL 30 DAY",
        )
        connection.execute(
            f"""
            INSERT INTO raw.customer_interactions
            WITH reps AS (
                SELECT list(first_name ORDER BY first_name, last_name) AS names
                FROM read_csv('{reps}', header = true,
                    columns = {{'id': 'INTEGER', 'email': 'VARCHAR', 'first_name': 'VARCHAR',
                               'last_name': 'VARCHAR', 'start_date': 'DATE', 'end_date': 'DATE'}})
                WHERE start_date <= DATE '{day.isoformat()}'
                  AND (end_date IS NULL OR end_date >= DATE '{day.isoformat()}')
            ), picked AS (
                SELECT account_id, i,
                       ts_between({start}, {end} - INTERVAL 2 HOUR, u(i, 'at-{key}')) AS created_at,
                       u(i, 'status-{key}') AS status_draw
                FROM (SELECT account_id,
                             row_number() OVER (ORDER BY u(account_id, 'ia-{key}'), account_id)
                                 AS i
                      FROM day_accounts)
                WHERE i <= {daily_interactions}
            )
            SELECT p.account_id,
                   pick(['web', 'email', 'phone', 'chat'], u(p.i, 'channel-{key}')),
                   pick(['Tech Support', 'Billing', 'Account Change', 'Onboarding',
                         'Feature Request'], u(p.i, 'category-{key}')),
                   pick(r.names, u(p.i, 'rep-{key}')),
                   CASE WHEN status_draw < 0.45 THEN 'resolved'
                        WHEN status_draw < 0.50 THEN 'canceled' ELSE 'open' END,
                   p.created_at,
                   CASE WHEN status_draw < 0.50
                        THEN ts_between(p.created_at + INTERVAL 5 MINUTE,
                                        p.created_at + INTERVAL 2 HOUR, u(p.i, 'took-{key}'))
                   END
            FROM picked AS p, reps AS r
            """
        )
        new_interactions = _scalar(
            connection,
            f"SELECT count(*) FROM raw.customer_interactions WHERE created_at >= {start}",
        )

        # Interactions of the last ten days that were open are resolved today, in place.
        connection.execute(
            f"""
            UPDATE raw.customer_interactions
            SET status = 'resolved',
                completed_at = ts_between({start}, {end},
                                          u(hash(created_at, account_id), 'done-{key}'))
            WHERE status = 'open' AND completed_at IS NULL AND account_id IS NOT NULL
              AND created_at >= {start} - INTERVAL 10 DAY AND created_at < {start}
              AND u(hash(created_at, account_id), 'flip-{key}') < {RESOLVED_SHARE}
            """
        )

        # Counted as interactions, not rows: both copies of a duplicated row flip together.
        resolved = _scalar(
            connection,
            "SELECT count(DISTINCT (account_id, channel, category, created_at)) "
            f"FROM raw.customer_interactions WHERE created_at < {start} AND completed_at >= {start}",
        )

        # Usage events of the day on active licenses (latest extracted state of each license),
        # each a feature entitled by the tier held at that moment.
        daily_events = _scalar(
            connection,
            "SELECT greatest(1, count(*) // 30) FROM raw.product_usage_events "
            f"WHERE occurred_at >= {start} - INTERVAL 30 DAY",
        )
        connection.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE day_seats AS
            WITH parsed AS (
                SELECT account_id, created_at, updated_at,
                       json_extract_string({FIXED_JSON}, '$.license_id') AS license_id,
                       json_extract_string({FIXED_JSON}, '$.status') AS status
                FROM raw.customer_licenses
                WHERE account_id IS NOT NULL AND json_valid({FIXED_JSON})
            ), latest AS (
                SELECT license_id, arg_max(account_id, updated_at) AS account_id,
                       min(created_at) AS created_at, arg_max(status, updated_at) AS status
                FROM parsed GROUP BY license_id
            ), account_tiers AS (
                SELECT account_id, tier FROM day_accounts
                UNION ALL SELECT account_id, tier FROM day_new_accounts
            )
            SELECT l.license_id, l.account_id, l.created_at, t.tier,
                   row_number() OVER (ORDER BY l.license_id) AS seat_number
            FROM latest AS l JOIN account_tiers AS t ON t.account_id = l.account_id
            WHERE l.status = 'active' AND t.tier IS NOT NULL
            """
        )
        connection.execute(
            f"""
            INSERT INTO raw.product_usage_events
            WITH base AS (
                SELECT coalesce(max(event_id), 0) AS base FROM raw.product_usage_events
            ), seats AS (SELECT count(*) AS n FROM day_seats),
            events AS (
                SELECT i, 1 + CAST(floor(u(i, 'seat-{key}') * seats.n) AS BIGINT) AS seat_number
                FROM range({daily_events}) AS r(i), seats
            ), timed AS (
                SELECT e.i, s.account_id, s.license_id,
                       ts_between(greatest({start}, s.created_at), {end}, u(e.i, 'at-{key}'))
                           AS occurred_at,
                       s.tier, c.changed_at, c.to_tier
                FROM events AS e
                JOIN day_seats AS s ON s.seat_number = e.seat_number
                LEFT JOIN day_changes AS c ON c.account_id = s.account_id
            ), featured AS (
                SELECT i, account_id, license_id, occurred_at,
                       pick(entitled(CASE WHEN occurred_at >= changed_at THEN to_tier ELSE tier END),
                            u(i, 'feature-{key}')) AS feature_key
                FROM timed
            )
            SELECT base.base + i + 1, account_id, license_id,
                   CASE WHEN occurred_at >= released_on(feature_key) THEN feature_key
                        ELSE pick(base_features(), u(i, 'base-{key}')) END,
                   occurred_at
            FROM featured, base
            """
        )
        new_events = _scalar(
            connection,
            f"SELECT count(*) FROM raw.product_usage_events WHERE occurred_at >= {start}",
        )
        connection.execute("COMMIT")
        return {
            "day": day.isoformat(),
            "new_accounts": new_accounts,
            "tier_changes": _scalar(connection, "SELECT count(*) FROM day_changes"),
            "new_licenses": new_licenses,
            "new_interactions": new_interactions,
            "interactions_resolved": resolved,
            "new_usage_events": new_events,
        }
