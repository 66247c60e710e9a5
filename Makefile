# Two commands for a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve demo test browser lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Set up, load the demo and serve the site on SQLite at http://127.0.0.1:8000/
run: demo serve

demo: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py demo

# The background worker (notifications, purges) runs beside the server and stops with it.
serve: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Set up and run the whole test suite (SQLite unless DATABASE_URL says otherwise)
test: $(STAMP) browser
	$(BIN)/python -m pytest

# Browser tests use Debian's chromium, with a Korean font so screenshots show Hangul, and
# axe-core from the npm registry; install them when we can (root with apt-get, npm).
browser: tests/browser/node_modules/.package-lock.json
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=ko | grep -q .; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum; \
	  else echo "chromium is missing: browser tests will be skipped (apt-get install chromium)"; fi; }

tests/browser/node_modules/.package-lock.json: tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error; \
	else echo "npm is missing: the accessibility check will be skipped"; fi

## Query counts and timings of the public pages (a throwaway database; not a test)
bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.pages

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache .ruff_cache *.egg-info
