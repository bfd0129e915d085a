"""The app's log of tier changes, account_tier_changes (chains of up to three changes)."""

from __future__ import annotations

import duckdb

MAX_TIER_CHANGES = 3


def write_account_tier_changes(connection: duckdb.DuckDBPyConnection, end_ts: str) -> None:
    """The tier-change chains of the generated accounts (gen_tier_changes, gen_state) and the
    app's log of them, raw.account_tier_changes."""
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE gen_tier_changes (account_id INTEGER, from_tier VARCHAR, "
        "to_tier VARCHAR, changed_at TIMESTAMP, change_number INTEGER)"
    )
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE gen_state AS "
        "SELECT account_id, initial_tier AS tier FROM gen_accounts"
    )
    for k in range(1, MAX_TIER_CHANGES + 1):
        connection.execute(
            f"""
            INSERT INTO gen_tier_changes
            SELECT
                a.account_id,
                s.tier AS from_tier,
                CASE s.tier
                    WHEN 'Free' THEN CASE WHEN u(a.account_id * 10 + {k}, 'to') < 0.7
                                          THEN 'Medium' ELSE 'Enterprise' END
                    WHEN 'Medium' THEN CASE WHEN u(a.account_id * 10 + {k}, 'to') < 0.6
                                            THEN 'Free' ELSE 'Enterprise' END
                    ELSE CASE WHEN u(a.account_id * 10 + {k}, 'to') < 0.6
                              THEN 'Medium' ELSE 'Free' END
                END AS to_tier,
                ts_between(a.created_at, TIMESTAMP '{end_ts}',
                           ({k} - 0.9 + 0.8 * u(a.account_id * 10 + {k}, 'at'))
                           / a.change_count * 0.98) AS changed_at,
                {k} AS change_number
            FROM gen_accounts AS a
            INNER JOIN gen_state AS s ON s.account_id = a.account_id
            WHERE a.change_count >= {k}
            """
        )
        connection.execute(
            f"""
            UPDATE gen_state SET tier = c.to_tier
            FROM gen_tier_changes AS c
            WHERE c.account_id = gen_state.account_id AND c.change_number = {k}
            """
        )
    connection.execute(
        """
        INSERT INTO raw.account_tier_changes
        SELECT account_id, from_tier, to_tier, changed_at FROM gen_tier_changes
        """
    )
