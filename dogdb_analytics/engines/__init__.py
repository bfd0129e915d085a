"""Running the project on other engines (PostgreSQL, Spark) and proving they agree with DuckDB."""
