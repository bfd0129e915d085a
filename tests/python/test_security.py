"""PII and secrets: emails stay out of everything past staging, the hash salt is mandatory on prod
gateways, credentials come from the environment, the repository holds no secret, and every entry
point rejects malformed input before any SQL runs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import duckdb
import jinja2
import pytest
import yaml
from sqlmesh.utils.errors import ConfigError

from dogdb_analytics import cli
from dogdb_analytics.warehouse import PROJECT_ROOT, open_context

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "AWS access key": re.compile(r"AKIA[0-9A-Z]{16}"),
    "URL with a password": re.compile(r"[a-z]+://[^/\s:@]+:[^/\s:@]+@"),
    "GitHub token": re.compile(r"gh[pousr]_[A-Za-z0-9]{36}"),
    "assigned password": re.compile(
        r"(?i)(password|passwd|secret|token)\s*[:=]\s*['\"][^'\"{}]{6,}['\"]"
    ),
}


def test_no_email_past_staging(built_small_warehouse: Path) -> None:
    with duckdb.connect(str(built_small_warehouse), read_only=True) as connection:
        columns = connection.execute(
            "SELECT table_schema, table_name, column_name FROM information_schema.columns "
            "WHERE table_schema IN ('core', 'marts', 'reporting', 'quality') "
            "AND data_type = 'VARCHAR'"
        ).fetchall()
        assert columns
        for schema, table, column in columns:
            hits = connection.execute(
                f'SELECT COUNT(*) FROM "{schema}"."{table}" '
                f"WHERE regexp_matches(\"{column}\", '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{{2,}}')"
            ).fetchone()[0]
            assert hits == 0, f"{schema}.{table}.{column} holds emails"


def test_prod_gateway_refuses_to_hash_without_its_own_salt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading the project for the postgres gateway fails with a clear message until
    DOGDB_PII_SALT is set; the local DuckDB gateway may use the development salt."""
    monkeypatch.delenv("DOGDB_PII_SALT", raising=False)
    with pytest.raises(ConfigError, match="DOGDB_PII_SALT is not set: gateway 'postgres'"):
        open_context(gateway="postgres")
    monkeypatch.setenv("DOGDB_PII_SALT", "a-long-random-secret-for-tests")
    assert "core.dim_accounts" in {m.name for m in open_context(gateway="postgres").models.values()}


def test_gateway_credentials_come_from_the_environment() -> None:
    """Render config.yaml as SQLMesh does (Jinja), with every env_var() returning a marker: each
    connection setting that says where to connect or how to log in must carry the marker. The
    marker is truthy, so gateways declared only when a variable is set (spark) are checked too."""
    marker = "FROM-ENVIRONMENT"
    template = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(
        (PROJECT_ROOT / "config.yaml").read_text()
    )
    config = yaml.safe_load(template.render(env_var=lambda name, default=None: marker))
    assert {"duckdb", "postgres", "spark"} <= set(config["gateways"])
    checked = 0
    for name, gateway in config["gateways"].items():
        for section in ("connection", "state_connection"):
            for key, value in gateway.get(section, {}).items():
                if key in {"type", "concurrent_tasks", "config"}:
                    continue
                assert marker in str(value), f"gateway {name}: {section}.{key} is hard-coded"
                checked += 1
    assert config["gateways"]["postgres"]["connection"]["password"] == marker
    assert marker in config["gateways"]["spark"]["connection"]["config"]["spark.master"]
    # duckdb: database, connector_config (memory limit, temp directory); postgres: host, port, user,
    # password, database; spark: state_connection.database
    assert checked == 8


def test_repository_holds_no_secrets() -> None:
    files = subprocess.run(
        ["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert files
    findings = []
    for name in files:
        path = PROJECT_ROOT / name
        if not path.is_file() or path.suffix in {".duckdb", ".xlsx", ".png"}:
            continue
        text = path.read_text(errors="ignore")
        for label, pattern in SECRET_PATTERNS.items():
            if pattern.search(text):
                findings.append(f"{name}: {label}")
    assert findings == []


@pytest.mark.parametrize(
    "argv",
    [
        ["generate", "--end-date", "2024-01'; DROP TABLE x; --"],
        ["generate", "--scale", "small; DROP TABLE raw.customer_accounts"],
        ["billing-report", "--month", "2024-01'; DROP TABLE x; --", "--out", "x.csv"],
        ["billing-report", "--month", "2024-13", "--out", "x.csv"],
    ],
)
def test_entry_points_reject_malformed_input(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    def no_sql(*args: object, **kwargs: object) -> None:
        raise AssertionError("SQL must not run for malformed input")

    monkeypatch.setattr("duckdb.connect", no_sql)
    monkeypatch.setattr("dogdb_analytics.warehouse.open_context", no_sql)
    monkeypatch.chdir(tmp_path)
    try:
        code = cli.main(argv)
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2
    assert capsys.readouterr().err.strip()
    assert not list(tmp_path.iterdir())
