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

.PHONY: help run test lint lock translations check-python test-sqlite test-postgres bench clean

help:
	@echo "make run   - set up, load the demo school, serve on http://127.0.0.1:8000"
	@echo "make test  - lint, type-check and run the whole suite on SQLite and PostgreSQL"
	@echo "make lock  - refresh requirements*.lock from requirements*.in (UPGRADE=1: latest releases)"

check-python:
	@if [ -z "$(PYTHON)" ]; then echo "Huddle needs Python 3.12 or newer (python3.12 / python3.13 on PATH)." >&2; exit 1; fi

# The venv holds exactly the dev lock (which pins pip itself): rebuilt from
# scratch whenever a lock changes, every file checked against its hash.
$(STAMP): requirements.lock requirements-dev.lock | check-python
	$(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP)

# Refresh the locks after editing requirements.in / requirements-dev.in: pins
# already locked are kept unless an input asks otherwise; `make lock
# UPGRADE=1` moves every package to its latest release. Resolved for every
# platform and Python 3.12+, against the public index only (no uv or pip
# configuration of this machine), with the hashes of every file.
UPGRADE ?=
LOCK := env -u UV_INDEX -u UV_INDEX_URL -u UV_DEFAULT_INDEX -u UV_EXTRA_INDEX_URL -u UV_FIND_LINKS \
	$(VENV)/bin/uv pip compile --quiet --no-config --universal --python-version 3.12 --generate-hashes \
	--custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)

# A lock is replaced only when its text changes, so an idle refresh does not
# rebuild the venv. The dev lock is constrained by the runtime one: second.
lock: $(STAMP)
	@set -e; for name in requirements requirements-dev; do \
		cp $$name.lock $$name.lock.new; \
		$(LOCK) $$name.in -o $$name.lock.new; \
		if cmp -s $$name.lock.new $$name.lock; then rm $$name.lock.new; \
		else mv $$name.lock.new $$name.lock; echo "$$name.lock updated"; fi; \
	done

# Compiled translations (GNU gettext's msgfmt, as compilemessages runs it).
MO := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
%.mo: %.po
	@command -v msgfmt >/dev/null || { echo "msgfmt (GNU gettext) is needed: apt-get install gettext" >&2; exit 1; }
	msgfmt --check -o $@ $<

translations: $(MO)

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch node_modules/.installed

run: $(STAMP) translations
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py createcachetable
	$(RUN_ENV) $(PY) manage.py seed_demo
	@echo "Starting the task worker and the web server on http://127.0.0.1:8000 (Ctrl-C stops both)"
	@$(RUN_ENV) $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(PY) -m ruff check .
	HUDDLE_TESTING=true $(PY) -m mypy huddle

test-sqlite: $(STAMP) node_modules/.installed translations
	@echo "== SQLite run =="
	HUDDLE_TESTING=true $(PY) -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

# PostgreSQL runs when a server answers on 127.0.0.1:5432; in CI it must.
test-postgres: $(STAMP) node_modules/.installed translations
	@if $(PY) -c "import psycopg; psycopg.connect('$(PG_URL:/huddle_ci=/postgres)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== PostgreSQL run =="; \
		HUDDLE_TESTING=true DATABASE_URL="$(PG_URL)_$$$$" $(PY) -m pytest --create-db $(PYTEST_WORKERS) $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then echo "PostgreSQL is required in CI but does not answer on 127.0.0.1:5432" >&2; exit 1; \
	else echo "== PostgreSQL not reachable on 127.0.0.1:5432: skipping the PostgreSQL run (CI runs it) =="; fi

test: lint test-sqlite test-postgres

bench: $(STAMP)
	$(PY) bench/matching.py
	$(PY) bench/search.py

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3* $(MO)
