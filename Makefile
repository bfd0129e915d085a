# DogDB analytics foundation. The README's two commands: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SCALE ?= small
SCALES ?= small,medium,large
SEED ?= 42
WAREHOUSE ?= warehouse/dogdb.duckdb
PORT ?= 8501
API_PORT ?= 8765
export DOGDB_WAREHOUSE := $(abspath $(WAREHOUSE))
SNAPSHOT := $(dir $(DOGDB_WAREHOUSE))published.duckdb
UI_WAREHOUSE := $(dir $(DOGDB_WAREHOUSE))ui/$(notdir $(DOGDB_WAREHOUSE))

.PHONY: help venv demo run test generate load plan clean slow-view-scenario bench test-postgres test-spark dashboard api ui

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-22s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade "pip==24.3.1" "setuptools==75.6.0"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

venv: $(VENV)/.installed ## Create .venv and install the pinned dependencies

generate: venv ## Generate SCALE (sample|small|medium|large) into the app database (embedded SQLite unless DOGDB_APP_PG_HOST is set) and load it anew
	$(BIN)/dogdb generate --scale $(SCALE) --seed $(SEED) --warehouse $(DOGDB_WAREHOUSE)
	$(BIN)/dogdb load --full-refresh --warehouse $(DOGDB_WAREHOUSE)

load: venv ## Load the app database's new and changed rows into WAREHOUSE's raw schema (dlt)
	$(BIN)/dogdb load --warehouse $(DOGDB_WAREHOUSE)

plan: venv ## Plan and apply prod on WAREHOUSE, without prompts
	$(BIN)/sqlmesh plan prod --auto-apply --no-prompts

demo: generate plan ## Set up, generate SCALE data into the app database, load it, build prod, publish it and print what was built
	$(BIN)/dogdb publish --warehouse $(DOGDB_WAREHOUSE)
	$(BIN)/dogdb summary --warehouse $(DOGDB_WAREHOUSE)

run: venv ## The daily job: load the app's new and changed rows, process the intervals that are due, publish
	$(BIN)/dogdb daily --warehouse $(DOGDB_WAREHOUSE)

test: venv ## Set up and run every test: SQLMesh unit tests, lint, ruff and pytest
	DOGDB_WAREHOUSE=$$(mktemp -d)/lint.duckdb $(BIN)/sqlmesh test
	DOGDB_WAREHOUSE=$$(mktemp -d)/lint.duckdb $(BIN)/sqlmesh lint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q -n 2 --dist loadgroup --durations=15

dashboard: venv ## Start the dashboard on 127.0.0.1:PORT (default 8501), reading the published snapshot
	@test -f "$(SNAPSHOT)" || { echo "No published snapshot at $(SNAPSHOT): run 'make demo' first (or 'make run' on a build)." >&2; exit 1; }
	DOGDB_SNAPSHOT="$(SNAPSHOT)" $(BIN)/streamlit run dogdb_analytics/dashboard/app.py \
		--server.address 127.0.0.1 --server.port $(PORT)

api: venv ## Serve the read-only metrics HTTP API on 127.0.0.1:API_PORT (default 8765), reading the published snapshot
	@test -f "$(SNAPSHOT)" || { echo "No published snapshot at $(SNAPSHOT): run 'make demo' first (or 'make run' on a build)." >&2; exit 1; }
	$(BIN)/dogdb api --snapshot "$(SNAPSHOT)" --host 127.0.0.1 --port $(API_PORT)

ui: venv ## Start `sqlmesh ui` on 127.0.0.1:PORT (default 8501), on a fresh copy of the warehouse
	@test -f "$(DOGDB_WAREHOUSE)" || { echo "No warehouse at $(DOGDB_WAREHOUSE): run 'make demo' first." >&2; exit 1; }
	$(BIN)/dogdb ui-warehouse --warehouse $(DOGDB_WAREHOUSE) --out $(UI_WAREHOUSE)
	DOGDB_WAREHOUSE=$(UI_WAREHOUSE) $(BIN)/sqlmesh ui --host 127.0.0.1 --port $(PORT)

clean: ## Remove the warehouse and caches (keeps .venv)
	rm -rf warehouse .cache logs .pytest_cache test-artifacts

slow-view-scenario: venv ## The slow view's fix planned in dev, diffed, timed and promoted (SCALE=...)
	$(BIN)/dogdb slow-view-scenario --scale $(SCALE)

bench: venv ## Benchmarks per scale (SCALES=small,medium,large) against the plain-SQL baseline -> bench/results.md
	$(BIN)/dogdb bench --scales $(SCALES) --out bench/results.md

test-postgres: venv ## Build sample and small on DuckDB and a throwaway PostgreSQL server, compare every mart
	$(BIN)/dogdb cross-engine --engine postgres --scales sample,small

test-spark: venv ## Build sample and small on DuckDB and Spark (local[2], or DOGDB_SPARK_MASTER), compare every mart
	$(BIN)/dogdb cross-engine --engine spark --scales sample,small
