"""Before a load: compare the app's tables with external_models.yaml, so that a schema change in
the app is loaded or refused with a clear message, never dropped silently.

- a new column: loaded as it is (dlt adds it to the raw table), and reported;
- a widened type in the same family (INTEGER -> BIGINT, VARCHAR(n) -> TEXT, TIMESTAMP(p)): loaded
  with the app's type, and reported;
- a missing table or column, or a type of another family (a TIMESTAMP that became TEXT): refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlglot import exp

from dogdb_analytics.generate.ddl import app_tables
from dogdb_analytics.ingestion.app_database import AppDatabase

FAMILIES: dict[str, set[exp.DataType.Type]] = {
    "integer": set(exp.DataType.INTEGER_TYPES),
    "text": set(exp.DataType.TEXT_TYPES) | {exp.DataType.Type.CHAR, exp.DataType.Type.NCHAR},
    "timestamp": {
        exp.DataType.Type.TIMESTAMP,
        exp.DataType.Type.TIMESTAMPNTZ,
        exp.DataType.Type.DATETIME,
    },
    "boolean": {exp.DataType.Type.BOOLEAN},
}


class SchemaChangeRefused(RuntimeError):
    """The app's schema changed in a way the load will not guess at; nothing was loaded."""


@dataclass
class SchemaReport:
    new_columns: dict[str, list[str]] = field(default_factory=dict)
    widened: dict[str, dict[str, str]] = field(default_factory=dict)  # table -> column -> type

    def messages(self) -> list[str]:
        lines = [
            f"app table {table}: new column {column} loaded into raw.{table} as it is "
            "(declare it in external_models.yaml to use it)"
            for table, columns in self.new_columns.items()
            for column in columns
        ]
        lines += [
            f"app table {table}: column {column} widened to {kind}, loaded as {kind} "
            "(update external_models.yaml)"
            for table, columns in self.widened.items()
            for column, kind in columns.items()
        ]
        return lines


def _family(kind: exp.DataType) -> str | None:
    return next((name for name, types in FAMILIES.items() if kind.this in types), None)


def _width(kind: exp.DataType) -> int:
    order = [exp.DataType.Type.TINYINT, exp.DataType.Type.SMALLINT, exp.DataType.Type.INT]
    return order.index(kind.this) if kind.this in order else len(order)


def _app_type(column: dict, engine: sa.Engine) -> exp.DataType:
    """A reflected column's type, parsed by sqlglot in the app database's dialect."""
    compiled = column["type"].compile(dialect=engine.dialect)
    dialect = "sqlite" if engine.dialect.name == "sqlite" else "postgres"
    return exp.DataType.build(str(compiled), dialect=dialect)


def check_app_schema(app: AppDatabase) -> SchemaReport:
    """Compare every app table with its declaration; raise SchemaChangeRefused, or report."""
    engine = app.engine()
    report = SchemaReport()
    problems: list[str] = []
    try:
        inspector = sa.inspect(engine)
        present = set(inspector.get_table_names(schema=app.schema))
        for table, declared in app_tables().items():
            if table not in present:
                problems.append(f"app table {table} is missing")
                continue
            columns = {c["name"]: c for c in inspector.get_columns(table, schema=app.schema)}
            for name, kind in declared.items():
                if name not in columns:
                    problems.append(f"app table {table}: column {name} is missing")
                    continue
                expected = exp.DataType.build(kind, dialect="duckdb")
                found = _app_type(columns[name], engine)
                if _family(found) != _family(expected):
                    problems.append(
                        f"app table {table}: column {name} is {found.sql('duckdb')}, "
                        f"declared {kind} (external_models.yaml)"
                    )
                elif _family(found) == "integer" and _width(found) > _width(expected):
                    report.widened.setdefault(table, {})[name] = found.sql("duckdb")
            extra = [name for name in columns if name not in declared]
            if extra:
                report.new_columns[table] = extra
    finally:
        engine.dispose()
    if problems:
        raise SchemaChangeRefused(
            "refusing to load, the app's schema no longer matches external_models.yaml: "
            + "; ".join(problems)
            + ". Nothing was loaded; declare the change in external_models.yaml and staging first."
        )
    return report
