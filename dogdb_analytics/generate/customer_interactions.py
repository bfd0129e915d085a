"""The app's customer_interactions table."""

from __future__ import annotations

import duckdb

from dogdb_analytics.generate.customer_accounts import HISTORY_START
from dogdb_analytics.generate.entitlements import SEEDS_DIR
from dogdb_analytics.generate.scales import Scale


def write_customer_interactions(
    connection: duckdb.DuckDBPyConnection, scale: Scale, end_ts: str
) -> None:
    reps = (SEEDS_DIR / "service_representatives.csv").as_posix()
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_rep_epochs AS
        WITH reps AS (
            SELECT first_name, start_date, end_date FROM read_csv('{reps}', header = true,
                columns = {{'id': 'INTEGER', 'email': 'VARCHAR', 'first_name': 'VARCHAR',
                           'last_name': 'VARCHAR', 'start_date': 'DATE', 'end_date': 'DATE'}})
        ), bounds AS (
            SELECT start_date AS epoch_start FROM reps
            UNION SELECT end_date + 1 FROM reps WHERE end_date IS NOT NULL
            UNION SELECT DATE '{HISTORY_START}'
        )
        SELECT
            b.epoch_start,
            list(r.first_name ORDER BY r.first_name) AS names
        FROM bounds AS b
        JOIN reps AS r
          ON r.start_date <= b.epoch_start AND (r.end_date IS NULL OR r.end_date >= b.epoch_start)
        GROUP BY b.epoch_start
        """
    )
    mean = scale.interactions / scale.accounts
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_interactions AS
        WITH counts AS (
            SELECT account_id, created_at,
                   CAST(floor(-ln(1 - activity) * {mean} + 0.5) AS INT) AS n
            FROM gen_accounts
        ), items AS (
            SELECT account_id, created_at AS account_created_at, unnest(range(n)) AS j
            FROM counts
        ), timed AS (
            SELECT
                CAST(account_id AS BIGINT) * 100000 + j AS k,
                account_id,
                ts_between(account_created_at, TIMESTAMP '{end_ts}',
                           u(CAST(account_id AS BIGINT) * 100000 + j, 'at')) AS created_at
            FROM items
        )
        SELECT
            t.k, t.account_id, t.created_at,
            pick(['web', 'email', 'phone', 'chat'], u(t.k, 'channel')) AS channel,
            pick(['Tech Support', 'Billing', 'Account Change', 'Onboarding', 'Feature Request'],
                 u(t.k, 'category')) AS category,
            pick(e.names, u(t.k, 'rep')) AS rep_name,
            to_microseconds(CAST(60000000 * exp(u(t.k, 'dur') * ln(28800)) AS BIGINT))
                AS duration,
            u(t.k, 'status') AS status_draw
        FROM timed AS t
        ASOF JOIN gen_rep_epochs AS e ON CAST(t.created_at AS DATE) >= e.epoch_start
        """
    )
    connection.execute(
        f"""
        INSERT INTO raw.customer_interactions
        WITH shaped AS (
            SELECT
                k,
                CASE WHEN u(k, 'nullacct') < 0.001 THEN NULL
                     WHEN u(k, 'orphan') < 0.003
                         THEN pick([6, 7, 35, 12, 48, 77, 90], u(k, 'oid'))
                     ELSE account_id END AS account_id,
                channel, category,
                CASE WHEN u(k, 'repdirt') < 0.002 THEN NULL
                     WHEN u(k, 'repdirt') < 0.007 THEN pick(['Sam', 'Chris'], u(k, 'unk'))
                     WHEN u(k, 'repdirt') < 0.017 THEN lower(rep_name)
                     WHEN u(k, 'repdirt') < 0.027 THEN rep_name || ' '
                     ELSE rep_name END AS service_rep,
                CASE
                    WHEN status_draw >= 0.78
                         AND created_at < TIMESTAMP '{end_ts}' - INTERVAL 30 DAY
                         AND u(k, 'old') < 0.8 THEN 'resolved'
                    WHEN status_draw < 0.70 THEN 'resolved'
                    WHEN status_draw < 0.78 THEN 'canceled'
                    ELSE 'open'
                END AS status,
                created_at,
                duration
            FROM gen_interactions
        ), completed AS (
            SELECT
                k, account_id, channel, category, service_rep, created_at,
                CASE WHEN status <> 'open' AND created_at + duration > TIMESTAMP '{end_ts}'
                     THEN 'open' ELSE status END AS status,
                CASE WHEN status = 'open' OR created_at + duration > TIMESTAMP '{end_ts}'
                     THEN NULL
                     WHEN u(k, 'backwards') < 0.0005 THEN created_at - duration
                     ELSE created_at + duration END AS completed_at
            FROM shaped
        )
        SELECT account_id, channel, category, service_rep, status, created_at, completed_at
        FROM completed
        UNION ALL
        SELECT account_id, channel, category, service_rep, status, created_at, completed_at
        FROM completed WHERE u(k, 'dup') < 0.01
        """
    )
