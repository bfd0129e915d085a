"""The app database on a throwaway PostgreSQL server (engines/postgres_server.py): the app's own
database and the load's read-only role, as docs/ingestion.md describes them."""

from __future__ import annotations

import secrets

import psycopg2

from dogdb_analytics.engines.postgres_server import PostgresServer
from dogdb_analytics.ingestion.app_database import AppDatabase, app_database_from_env
from dogdb_analytics.ingestion.app_database import postgres_app_environment as _environment

APP_DATABASE = "dogdb_app"
LOADER_ROLE = "dogdb_loader"
# What the load needs and nothing more: connect, see the schema, read its tables (now and later),
# in read-only transactions.
LOADER_GRANTS = (
    "CREATE ROLE {role} LOGIN PASSWORD %(password)s",
    "ALTER ROLE {role} SET default_transaction_read_only = on",
    "GRANT CONNECT ON DATABASE {database} TO {role}",
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {role}",
)


def create_app_database(server: PostgresServer) -> None:
    """An empty app database on `server`, owned by the server's admin role."""
    admin = psycopg2.connect(
        host=server.host,
        port=server.port,
        user=server.user,
        password=server.password,
        dbname=server.database,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {APP_DATABASE}")
    admin.close()


def owner_app(server: PostgresServer) -> AppDatabase:
    """The app database as the app (its owner) writes it."""
    return app_database_from_env(
        None,  # type: ignore[arg-type]
        _environment(server.host, server.port, server.user, server.password, APP_DATABASE),
    )


def create_loader_role(server: PostgresServer) -> dict[str, str]:
    """Create the load's read-only role; returns its DOGDB_APP_PG_* environment."""
    password = secrets.token_urlsafe(18)
    admin = psycopg2.connect(
        host=server.host,
        port=server.port,
        user=server.user,
        password=server.password,
        dbname=APP_DATABASE,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        for statement in LOADER_GRANTS:
            cursor.execute(
                statement.format(role=LOADER_ROLE, database=APP_DATABASE), {"password": password}
            )
    admin.close()
    return _environment(server.host, server.port, LOADER_ROLE, password, APP_DATABASE)
