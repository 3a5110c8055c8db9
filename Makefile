# Atout — the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := run
VENV := .venv
PY := $(VENV)/bin/python
UV := python3 -m uv
UV_VERSION := 0.13.8
VENDOR := atout/static/vendor
MANAGE := $(PY) manage.py

.PHONY: run test test-fast lint format bench load soak serve-prod messages makemessages system-test static venv clean scale-test

$(VENV)/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv==$(UV_VERSION)" \
	  || python3 -m pip install --quiet --break-system-packages "uv==$(UV_VERSION)"
	@$(UV) sync --frozen --quiet --python python3.11
	@touch $@

venv: $(VENV)/.synced

node_modules/.package-lock.json: package.json package-lock.json
	@scripts/ensure-system.sh node
	@npm ci --no-audit --no-fund --silent

$(VENDOR)/htmx.min.js: node_modules/.package-lock.json
	@mkdir -p $(VENDOR)
	@cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js

static: $(VENDOR)/htmx.min.js

messages: venv
	@scripts/ensure-system.sh gettext
	@$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

makemessages: venv
	@$(MANAGE) makemessages -l fr_CA --no-obsolete --add-location file --ignore=.venv --ignore=node_modules --ignore=var -v0

run: venv static messages
	@scripts/ensure-system.sh fonts
	@mkdir -p var
	@$(MANAGE) migrate --noinput -v0
	@$(MANAGE) seed_demo
	@echo "Starting the background worker and the web server on http://127.0.0.1:8000"
	@$(MANAGE) db_worker >var/worker.log 2>&1 & worker=$$!; \
	  trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  $(MANAGE) runserver 127.0.0.1:8000

system-test:
	@scripts/ensure-system.sh postgres chromium fonts gettext

# The whole suite on a throwaway PostgreSQL, with real browser tests in Debian's Chromium.
test: venv static messages system-test
	@$(VENV)/bin/ruff check --quiet .
	@$(VENV)/bin/ruff format --check --quiet .
	@scripts/with-postgres.sh $(VENV)/bin/pytest -n 2 --dist loadgroup -q $(PYTEST_ARGS)

# Quick loop: SQLite, no browser.
test-fast: venv static messages
	@echo "Database: SQLite (embedded), browser tests skipped"
	@DATABASE_URL= $(VENV)/bin/pytest -n 2 -q -m "not browser" $(PYTEST_ARGS)

lint: venv
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

# `make bench -- --explain`: make reads `--explain` as a goal; it sets BENCH_EXPLAIN=1 for
# bench/run.py (EXPLAIN (ANALYZE, BUFFERS) of every caseload query) and does nothing itself.
ifneq ($(filter --explain,$(MAKECMDGOALS)),)
export BENCH_EXPLAIN := 1
endif
--explain:
	@:

format: venv
	@$(VENV)/bin/ruff check --fix --quiet .
	@$(VENV)/bin/ruff format --quiet .

bench: venv static messages
	@scripts/ensure-system.sh postgres
	@scripts/with-postgres.sh $(PY) bench/run.py
	@scripts/with-postgres.sh $(PY) bench/cle_dashboard.py
	@scripts/with-postgres.sh $(PY) bench/recognition_report.py
	@$(PY) bench/passport.py
	@$(PY) bench/documents.py
	@$(PY) bench/bundle.py
	@$(PY) bench/logo_memory.py
	@$(PY) bench/sharing.py
	@$(MAKE) --no-print-directory load
	@$(PY) bench/load.py --sqlite --seconds 60
	@scripts/with-postgres.sh $(PY) bench/load.py --seconds 60

# Locust against gunicorn (one worker per core, DEBUG off) on a throwaway PostgreSQL:
# 16 users of mixed counsellor, participant and CLE traffic for LOAD_SECONDS (60).
load: venv static messages
	@scripts/ensure-system.sh postgres
	@scripts/with-postgres.sh $(PY) bench/locust_load.py

# The same for SOAK_MINUTES (30), p99 and worker memory per SOAK_WINDOW_SECONDS (300); not in CI.
soak: venv static messages
	@scripts/ensure-system.sh postgres
	@scripts/with-postgres.sh $(PY) bench/locust_load.py --soak

# Production-style serving: gunicorn + whitenoise + the task worker (passport PDFs).
# Set SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS.
serve-prod: venv static messages
	@mkdir -p var
	@DEBUG=0 $(MANAGE) collectstatic --noinput -v0
	@DEBUG=0 $(MANAGE) migrate --noinput -v0
	@DEBUG=0 $(MANAGE) db_worker >>var/worker.log 2>&1 & worker=$$!; \
	  trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  DEBUG=0 $(VENV)/bin/gunicorn atout.wsgi --bind 127.0.0.1:8000 --workers 3 --access-logfile -

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var

# Several servers, one Atout: PostgreSQL, Redis, moto (a stand-in for the S3 object store),
# 3 gunicorn app servers and 2 workers; journeys across servers, one server and one worker
# killed mid-run (scale/run.py). Exit status 1 on any error, lost or doubled job.
scale-test: venv static messages
	@scripts/ensure-system.sh postgres redis fonts
	@scripts/with-postgres.sh $(PY) scale/run.py
