"""A throwaway PostgreSQL server on 127.0.0.1, for building the project on the postgres gateway.

Debian's `postgresql` package provides initdb and pg_ctl (installed with apt-get when missing).
The server runs from a temporary directory, on a free port, with a random password, as an
unprivileged user (PostgreSQL refuses to run as root), and is always stopped and deleted on exit.
Its coordinates are exported as the DOGDB_PG_* variables that config.yaml reads.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import patch

import psycopg2

SERVER_USER = "postgres"  # the OS user Debian's package creates; the server runs as it when root
DATABASE = "dogdb"
ROLE = "dogdb"
# The analytics settings a real server would give the dogdb role (README, Other engines). The
# planner estimates one row for the staging views' rejection filters (a CASE ... IS NULL), picks
# nested loops, and the small build's interaction joins then take minutes instead of seconds.
ANALYTICS_SETTINGS = {"enable_nestloop": "off", "jit": "off", "timezone": "UTC"}
# A throwaway server also need not survive a crash.
SERVER_SETTINGS = {**ANALYTICS_SETTINGS, "fsync": "off", "full_page_writes": "off"}


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    password: str
    database: str

    def environment(self) -> dict[str, str]:
        """The DOGDB_PG_* variables of config.yaml's postgres gateway."""
        return {
            "DOGDB_PG_HOST": self.host,
            "DOGDB_PG_PORT": str(self.port),
            "DOGDB_PG_USER": self.user,
            "DOGDB_PG_PASSWORD": self.password,
            "DOGDB_PG_DATABASE": self.database,
        }

    def connect(self) -> psycopg2.extensions.connection:
        return psycopg2.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=self.database,
        )


def postgres_bin_dir() -> Path:
    """The directory of initdb and pg_ctl, installing Debian's postgresql package if needed."""
    found = _find_bin_dir()
    if found is None:
        _apt_install("postgresql")
        found = _find_bin_dir()
    if found is None:
        raise RuntimeError("initdb not found, even after installing Debian's postgresql package")
    return found


def _find_bin_dir() -> Path | None:
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1].parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _apt_install(package: str) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-q", package], check=True, env=env)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL will not run as root: run its tools as the `postgres` user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", SERVER_USER, "--", *command]
    return command


@contextmanager
def running_postgres(base_dir: Path | None = None) -> Iterator[PostgresServer]:
    """Start a fresh server with an empty `dogdb` database; stop and delete it on exit."""
    bin_dir = postgres_bin_dir()
    root = Path(tempfile.mkdtemp(prefix="dogdb-postgres-", dir=base_dir))
    data_dir = root / "data"
    password = secrets.token_urlsafe(24)
    password_file = root / "password"
    password_file.write_text(password + "\n")
    if os.geteuid() == 0:
        shutil.chown(root, user=SERVER_USER, group=SERVER_USER)
        shutil.chown(password_file, user=SERVER_USER, group=SERVER_USER)
    password_file.chmod(0o600)
    port = free_port()
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data_dir)]
    started = False
    try:
        subprocess.run(
            _as_server_user(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(data_dir),
                    "-U",
                    ROLE,
                    f"--pwfile={password_file}",
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            capture_output=True,
        )
        options = f"-h 127.0.0.1 -p {port} -k {root} " + " ".join(
            f"-c {name}={value}" for name, value in SERVER_SETTINGS.items()
        )
        subprocess.run(
            _as_server_user(
                [*pg_ctl, "-o", options, "-l", str(root / "server.log"), "-w", "start"]
            ),
            check=True,
            capture_output=True,
        )
        started = True
        server = PostgresServer("127.0.0.1", port, ROLE, password, DATABASE)
        admin = psycopg2.connect(
            host=server.host, port=port, user=ROLE, password=password, dbname="postgres"
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {DATABASE}")
        admin.close()
        yield server
    finally:
        if started:
            subprocess.run(
                _as_server_user([*pg_ctl, "-m", "fast", "-w", "stop"]), capture_output=True
            )
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def postgres_environment(server: PostgresServer, salt: str) -> Iterator[None]:
    """Export the server's DOGDB_PG_* variables and the PII salt for the duration of the block."""
    values = {**server.environment(), "DOGDB_PII_SALT": salt}
    with patch.dict(os.environ, values):
        yield
