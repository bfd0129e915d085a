"""The app's feature_trials table (trials granted by sales)."""

from __future__ import annotations

import duckdb


def write_feature_trials(connection: duckdb.DuckDBPyConnection, end_ts: str) -> None:
    """~5% of accounts get 1-2 trials of a released feature their tier lacks at starts_at."""
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_trials AS
        WITH candidates AS (
            SELECT account_id, created_at,
                   unnest(range(1 + CAST(u(account_id, 'tn') < 0.3 AS INT))) AS j
            FROM gen_accounts WHERE u(account_id, 'trial') < 0.05
        ), timed AS (
            SELECT account_id, account_id * 10 + j AS k,
                   ts_between(created_at, TIMESTAMP '{end_ts}', u(account_id * 10 + j, 'ts'))
                       AS starts_at
            FROM candidates
        ), offered AS (
            SELECT
                t.account_id, t.k, t.starts_at,
                list_filter(not_entitled(p.tier), lambda f: released_on(f) <= t.starts_at)
                    AS offer
            FROM timed AS t
            ASOF JOIN gen_tier_periods AS p
              ON p.account_id = t.account_id AND t.starts_at >= p.valid_from
            WHERE t.starts_at < TIMESTAMP '{end_ts}' - INTERVAL 30 DAY
        )
        SELECT
            account_id, k,
            pick(offer, u(k, 'feature')) AS feature_key,
            starts_at,
            starts_at + CASE WHEN u(k, 'len') < 0.5 THEN INTERVAL 14 DAY
                             ELSE INTERVAL 30 DAY END AS ends_at
        FROM offered
        WHERE len(offer) > 0
        """
    )
    connection.execute(
        "INSERT INTO raw.feature_trials "
        "SELECT account_id, feature_key, starts_at, ends_at FROM gen_trials"
    )
