"""The app's customer_licenses table (JSON with typographic quotes, re-extracted versions)."""

from __future__ import annotations

import duckdb


def write_customer_licenses(connection: duckdb.DuckDBPyConnection, end_ts: str) -> None:
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_licenses AS
        WITH counts AS (
            SELECT
                account_id, created_at,
                CASE
                    WHEN initial_tier = 'Free' AND u(account_id, 'many') < 0.004
                        THEN 15 + CAST(floor(u(account_id, 'nl') * 6) AS INT)
                    WHEN initial_tier = 'Free' THEN CAST(floor(u(account_id, 'nl') * 5) AS INT)
                    WHEN initial_tier = 'Medium' THEN CAST(floor(u(account_id, 'nl') * 8) AS INT)
                    ELSE 2 + CAST(floor(u(account_id, 'nl') * 9) AS INT)
                END AS license_count
            FROM gen_accounts
        ), seats AS (
            SELECT account_id, created_at, unnest(range(license_count)) AS seat FROM counts
        )
        SELECT
            account_id,
            CAST(account_id AS BIGINT) * 100 + seat AS license_key,
            sha1(CAST(u(CAST(account_id AS BIGINT) * 100 + seat, 'lid') AS VARCHAR) || '-' || account_id || '-'
                 || seat) AS license_id,
            CASE WHEN u(CAST(account_id AS BIGINT) * 100 + seat, 'role') < 0.45 THEN 'developer'
                 WHEN u(CAST(account_id AS BIGINT) * 100 + seat, 'role') < 0.80 THEN 'analyst'
                 ELSE 'admin' END AS role,
            ts_between(created_at, TIMESTAMP '{end_ts}',
                       pow(u(CAST(account_id AS BIGINT) * 100 + seat, 'lc'), 2) * 0.95) AS created_at,
            u(CAST(account_id AS BIGINT) * 100 + seat, 'status') < 0.25 AS is_disabled,
            u(CAST(account_id AS BIGINT) * 100 + seat, 'off') AS off_draw
        FROM seats
        """
    )
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_license_rows AS
        SELECT
            account_id, license_key, license_id, role,
            -- the account the extract shows: a few point at a missing account or at none
            CASE WHEN u(license_key, 'nullacct') < 0.0005 THEN NULL
                 WHEN u(license_key, 'orphan') < 0.003
                     THEN pick([6, 7, 35, 12, 48, 77, 90], u(license_key, 'oid'))
                 ELSE account_id END AS extract_account_id,
            CASE WHEN is_disabled THEN 'disabled' ELSE 'active' END AS status,
            created_at,
            CASE WHEN is_disabled
                 THEN ts_between(created_at, TIMESTAMP '{end_ts}', 0.05 + 0.9 * off_draw)
                 ELSE created_at END AS updated_at
        FROM gen_licenses
        """
    )
    license_json = (
        "'{“license_id”:“' || license_id || '”,“role”: “' || role || '”,“status”: “' "
        "|| status || '”}'"
    )
    connection.execute(
        f"""
        INSERT INTO raw.customer_licenses
        WITH rows AS (
            SELECT
                extract_account_id AS account_id,
                CASE WHEN u(license_key, 'broken') < 0.002
                     THEN substr({license_json}, 1, length({license_json}) - 1
                                 - CAST(floor(u(license_key, 'cut') * 30) AS INT))
                     ELSE {license_json} END AS license_data,
                created_at, updated_at, license_key, status
            FROM gen_license_rows
        )
        SELECT account_id, license_data, created_at, updated_at FROM rows
        UNION ALL
        SELECT account_id, license_data, created_at, updated_at FROM rows
        WHERE u(license_key, 'dup') < 0.005
        UNION ALL
        SELECT account_id,
               replace(license_data, '“active”', '“disabled”'),
               created_at,
               ts_between(updated_at, TIMESTAMP '{end_ts}', 0.5)
        FROM rows
        WHERE status = 'active' AND u(license_key, 'reextract') < 0.001
        """
    )
