# The two commands the README promises: `make run` runs the product, `make test` runs the tests.
# Both set up everything they need on a new machine (virtual environment, packages, .env).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
# The Celery queues of `make run`'s two workers (config/supervisord.conf; the settings'
# defaults): single cases, and bulk batches with batch jobs' chunks.
CELERY_QUEUE ?= advisor
CELERY_BULK_QUEUE ?= $(CELERY_QUEUE)-bulk
CELERY_BATCH_QUEUE ?= $(CELERY_QUEUE)-batch
# Tests run against the real services (see README, "Tests").
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test install services messages browser lint bench load clean

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,bench]'
	touch $@

install: $(VENV)/.installed

# A secret key and a demo advisor password, generated once per checkout and never committed.
.env:
	$(PYTHON) -c "import secrets; print('DJANGO_SECRET_KEY=' + secrets.token_urlsafe(50)); print('DEMO_ADVISOR_PASSWORD=' + secrets.token_urlsafe(12))" > $@

# The web server, a worker and beat under supervisord, which starts each again if it exits
# (config/supervisord.conf).
run: install .env messages
	mkdir -p var  # the SQLite database and the embedded broker live here (README)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_regions
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py demo_advisor --login-file var/demo-login.txt
	@mkdir -p var
	HOST=$(HOST) PORT=$(PORT) CELERY_QUEUE=$(CELERY_QUEUE) CELERY_BULK_QUEUE=$(CELERY_BULK_QUEUE) \
	  CELERY_BATCH_QUEUE=$(CELERY_BATCH_QUEUE) \
	  $(BIN)/supervisord --configuration config/supervisord.conf

# Start PostgreSQL and Redis if they are installed but stopped; fail clearly if they cannot run.
services:
	@pg_isready --quiet --host 127.0.0.1 --port 5432 || { \
	  command -v pg_ctlcluster >/dev/null && pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
	  for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready --quiet --host 127.0.0.1 --port 5432 && break; sleep 1; done; }
	@pg_isready --quiet --host 127.0.0.1 --port 5432 || { echo "PostgreSQL is not running on 127.0.0.1:5432"; exit 1; }
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { \
	  command -v redis-server >/dev/null && mkdir -p /var/lib/redis /var/log/redis && \
	  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
	    --dir /var/lib/redis --logfile /var/log/redis/ci.log; \
	  for i in 1 2 3 4 5; do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done; }
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { echo "Redis is not running on 127.0.0.1:6379"; exit 1; }

# Translations: the .mo files are built here, never kept in git, with Babel (a Python package in
# the virtual environment), so no system gettext is needed.
messages: install
	$(BIN)/pybabel --quiet compile --domain django --directory locale

# The browser tests drive Debian's Chromium at /usr/bin/chromium (Playwright cannot download its own
# browser here), with a CJK font so the Chinese screenshots show Chinese. Installed when missing.
browser:
	@test -x /usr/bin/chromium && fc-list :lang=zh 2>/dev/null | grep -q . || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium and a CJK font with apt-get for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	  fi; }
	@test -x /usr/bin/chromium || { echo "The browser tests need Chromium at /usr/bin/chromium: apt-get install -y chromium, then run make test again."; exit 1; }

test: install .env services messages browser
	$(BIN)/lint-imports  # the layering contracts in pyproject.toml
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest

lint: install
	$(BIN)/ruff check .

bench: install .env
	$(BIN)/python bench/engine.py

# The whole stack under load (README, "Benchmarks"): its own database on the local PostgreSQL,
# gunicorn and a Celery worker on the local Redis, started and stopped by the benchmark.
load: install services
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) var
