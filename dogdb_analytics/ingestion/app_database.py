"""Where the app database is, from the environment only (no credential is ever in the repository).

PostgreSQL when DOGDB_APP_PG_HOST is set (with DOGDB_APP_PG_PORT, _USER, _PASSWORD, _DATABASE and
DOGDB_APP_PG_SCHEMA, default `public`); otherwise the embedded stand-in, a SQLite file
(DOGDB_APP_SQLITE, default `app.sqlite` next to the warehouse) for `make demo` and tests that do
not want a server. Both are reached through SQLAlchemy, so the load code is the same for both.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine


class AppDatabaseUnreachable(RuntimeError):
    """The app database cannot be reached: nothing was loaded, the warehouse is untouched."""


@dataclass(frozen=True)
class AppDatabase:
    url: URL
    schema: str | None  # None: the database's default schema (SQLite has only `main`)

    @property
    def dialect(self) -> str:
        """sqlglot's name of the app database's dialect: postgres or sqlite."""
        return "postgres" if self.url.get_backend_name() == "postgresql" else "sqlite"

    def describe(self) -> str:
        """Where the app database is, without its password."""
        return self.url.render_as_string(hide_password=True)

    def engine(self) -> Engine:
        return sa.create_engine(self.url, connect_args=_connect_args(self.url))

    def table(self, name: str) -> str:
        """`name` qualified with the app's schema, quoted."""
        return f'"{self.schema}"."{name}"' if self.schema else f'"{name}"'

    def check_reachable(self) -> None:
        """Raise AppDatabaseUnreachable with the reason when a connection cannot be opened."""
        if self.dialect == "sqlite" and not Path(self.url.database or "").exists():
            raise AppDatabaseUnreachable(
                f"the embedded app database {self.url.database} does not exist (run `dogdb "
                "generate` first); nothing was loaded and the warehouse is untouched"
            )
        engine = self.engine()
        try:
            with engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except sa.exc.OperationalError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise AppDatabaseUnreachable(
                f"the app database at {self.describe()} is unreachable ({reason}); "
                "nothing was loaded and the warehouse is untouched"
            ) from None
        finally:
            engine.dispose()


def _connect_args(url: URL) -> dict[str, object]:
    if url.get_backend_name() == "postgresql":
        return {"connect_timeout": 10, "application_name": "dogdb-load"}
    return {}


def embedded_path(warehouse: Path) -> Path:
    """The embedded app database of a warehouse: DOGDB_APP_SQLITE, else app.sqlite beside it."""
    configured = os.environ.get("DOGDB_APP_SQLITE")
    return Path(configured) if configured else Path(warehouse).resolve().parent / "app.sqlite"


def app_database_from_env(warehouse: Path, environ: Mapping[str, str] | None = None) -> AppDatabase:
    """The app database that the environment names (see the module's docstring)."""
    env = os.environ if environ is None else environ
    host = env.get("DOGDB_APP_PG_HOST")
    if host:
        url = URL.create(
            "postgresql+psycopg2",
            username=env.get("DOGDB_APP_PG_USER", "dogdb_loader"),
            password=env.get("DOGDB_APP_PG_PASSWORD") or None,
            host=host,
            port=int(env.get("DOGDB_APP_PG_PORT", "5432")),
            database=env.get("DOGDB_APP_PG_DATABASE", "dogdb_app"),
        )
        return AppDatabase(url, env.get("DOGDB_APP_PG_SCHEMA", "public"))
    path = (
        Path(env["DOGDB_APP_SQLITE"]) if env.get("DOGDB_APP_SQLITE") else embedded_path(warehouse)
    )
    return AppDatabase(URL.create("sqlite", database=str(path)), None)


def postgres_app_environment(
    host: str, port: int, user: str, password: str, database: str
) -> dict[str, str]:
    """The DOGDB_APP_PG_* variables of a PostgreSQL app database."""
    return {
        "DOGDB_APP_PG_HOST": host,
        "DOGDB_APP_PG_PORT": str(port),
        "DOGDB_APP_PG_USER": user,
        "DOGDB_APP_PG_PASSWORD": password,
        "DOGDB_APP_PG_DATABASE": database,
    }
