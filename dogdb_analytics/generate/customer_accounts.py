"""The generated accounts and the app's customer_accounts table."""

from __future__ import annotations

import duckdb

from dogdb_analytics.generate.scales import Scale

HISTORY_START = "2019-01-01"


def draw_accounts(connection: duckdb.DuckDBPyConnection, scale: Scale, end_ts: str) -> None:
    """Generated accounts (ids from 100): gen_accounts, which every other table draws from."""
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_accounts AS
        SELECT
            CAST(100 + i AS INTEGER) AS account_id,
            ts_between(TIMESTAMP '{HISTORY_START}', TIMESTAMP '{end_ts}',
                       sqrt(u(i, 'created'))) AS created_at,
            CASE WHEN u(i, 'tier') < 0.6 THEN 'Free'
                 WHEN u(i, 'tier') < 0.9 THEN 'Medium' ELSE 'Enterprise' END AS initial_tier,
            CASE WHEN u(i, 'changes') < 0.55 THEN 0 WHEN u(i, 'changes') < 0.80 THEN 1
                 WHEN u(i, 'changes') < 0.93 THEN 2 ELSE 3 END AS change_count,
            u(i, 'activity') AS activity
        FROM range({scale.accounts}) AS r(i)
        """
    )


def write_customer_accounts(connection: duckdb.DuckDBPyConnection, end_ts: str) -> None:
    """raw.customer_accounts (current tier, emails, duplicates) and gen_tier_periods."""
    # The extract: current tier (with a few changes the log missed, odd spellings and an
    # unknown tier), emails (case-only duplicates, disposable domains, internal accounts).
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_account_rows AS
        WITH last_change AS (
            SELECT account_id, max(changed_at) AS changed_at FROM gen_tier_changes
            GROUP BY account_id
        ), base AS (
            SELECT
                a.account_id, a.created_at, s.tier, l.changed_at AS last_changed_at,
                u(a.account_id, 'drift') < 0.003 AND l.changed_at IS NOT NULL AS drifted
            FROM gen_accounts AS a
            JOIN gen_state AS s ON s.account_id = a.account_id
            LEFT JOIN last_change AS l ON l.account_id = a.account_id
        ), tiered AS (
            SELECT
                account_id, created_at,
                CASE WHEN drifted THEN CASE tier WHEN 'Free' THEN 'Medium' ELSE 'Free' END
                     ELSE tier END AS tier,
                CASE WHEN drifted
                     THEN ts_between(last_changed_at, TIMESTAMP '{end_ts}', 0.5)
                     ELSE coalesce(last_changed_at, created_at) END AS updated_at
            FROM base
        )
        SELECT
            account_id,
            CASE
                WHEN u(account_id, 'mail') < 0.005 AND account_id > 100
                    THEN 'User' || (account_id - 1) || '@' || pick(['gmail.com', 'outlook.com',
                        'acme.io', 'example.org', 'fastmail.com'], u(account_id - 1, 'domain'))
                WHEN u(account_id, 'mail') < 0.010
                    THEN 'user' || account_id || '@'
                         || pick(['mailinator.com', '10minutemail.com'], u(account_id, 'dd'))
                WHEN u(account_id, 'mail') < 0.015
                    THEN pick(['test+' || account_id || '@gmail.com',
                               'qa' || account_id || '@dogdb.com'], u(account_id, 'td'))
                ELSE 'user' || account_id || '@' || pick(['gmail.com', 'outlook.com', 'acme.io',
                    'example.org', 'fastmail.com'], u(account_id, 'domain'))
            END AS email,
            CASE
                WHEN u(account_id, 'spell') < 0.0005 THEN 'Gold'
                WHEN u(account_id, 'spell') < 0.003 THEN lower(tier)
                WHEN u(account_id, 'spell') < 0.0055 THEN ' ' || tier
                ELSE tier
            END AS current_tier,
            created_at,
            updated_at
        FROM tiered
        """
    )
    connection.execute(
        """
        INSERT INTO raw.customer_accounts
        SELECT account_id, email, current_tier, created_at, updated_at FROM gen_account_rows
        UNION ALL
        SELECT account_id, email, current_tier, created_at, updated_at FROM gen_account_rows
        WHERE u(account_id, 'dup') < 0.005
        """
    )
    # Tier periods (tier held from valid_from to valid_to), used to shape licenses and usage.
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_tier_periods AS
        WITH starts AS (
            SELECT account_id, created_at AS valid_from, initial_tier AS tier FROM gen_accounts
            UNION ALL
            SELECT account_id, changed_at, to_tier FROM gen_tier_changes
        )
        SELECT
            account_id, valid_from, tier,
            lag(tier) OVER (PARTITION BY account_id ORDER BY valid_from) AS previous_tier,
            coalesce(lead(valid_from) OVER (PARTITION BY account_id ORDER BY valid_from),
                     TIMESTAMP '{end_ts}') AS valid_to
        FROM starts
        """
    )
