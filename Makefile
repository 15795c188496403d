# Huddle: `make run` serves the demo school, `make test` runs everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then echo $$p; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/huddle_ci
PYTEST_ARGS ?=
# The demo school runs in development mode under its own name.
RUN_ENV := DEBUG=true HUDDLE_SCHOOL_NAME="Lakeside School of Medicine (demo)"
# Parallel workers (up to 4), each with its own test database, live server
# and browser; `make test PYTEST_WORKERS=` runs in one process.
PYTEST_WORKERS ?= -n auto --maxprocesses=4

.PHONY: help run test lint check-python test-sqlite test-postgres bench clean

help:
	@echo "make run   - set up, load the demo school, serve on http://127.0.0.1:8000"
	@echo "make test  - lint, type-check and run the whole suite on SQLite and PostgreSQL"

check-python:
	@if [ -z "$(PYTHON)" ]; then echo "Huddle needs Python 3.12 or newer (python3.12 / python3.13 on PATH)." >&2; exit 1; fi

$(STAMP): requirements.txt requirements-dev.txt | check-python
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch node_modules/.installed

run: $(STAMP)
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py createcachetable
	$(RUN_ENV) $(PY) manage.py seed_demo
	@echo "Starting the task worker and the web server on http://127.0.0.1:8000 (Ctrl-C stops both)"
	@trap 'kill 0' EXIT INT TERM; \
	$(RUN_ENV) $(PY) manage.py db_worker --no-reload & \
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(PY) -m ruff check .
	HUDDLE_TESTING=true $(PY) -m mypy huddle

test-sqlite: $(STAMP) node_modules/.installed
	@echo "== SQLite run =="
	HUDDLE_TESTING=true $(PY) -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

# PostgreSQL runs when a server answers on 127.0.0.1:5432; in CI it must.
test-postgres: $(STAMP) node_modules/.installed
	@if $(PY) -c "import psycopg; psycopg.connect('$(PG_URL:/huddle_ci=/postgres)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== PostgreSQL run =="; \
		HUDDLE_TESTING=true DATABASE_URL="$(PG_URL)_$$$$" $(PY) -m pytest --create-db $(PYTEST_WORKERS) $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then echo "PostgreSQL is required in CI but does not answer on 127.0.0.1:5432" >&2; exit 1; \
	else echo "== PostgreSQL not reachable on 127.0.0.1:5432: skipping the PostgreSQL run (CI runs it) =="; fi

test: lint test-sqlite test-postgres

bench: $(STAMP)
	$(PY) bench/matching.py

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3*
