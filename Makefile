# Alliance Archive. `make run` serves the archive on SQLite; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEV := DJANGO_DEBUG=1

# The browser tests (tests/browser/) drive Debian's Chromium; CHROMIUM_PATH overrides where it is.
CHROMIUM := $(or $(CHROMIUM_PATH),/usr/bin/chromium)

.PHONY: run test install chromium citeproc-js migrate load lint format clean

run: install migrate load
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install chromium citeproc-js
	$(BIN)/python -m pytest

# citeproc-js (npm, pinned by tests/js/package-lock.json) for the citation tests. Never fails:
# without Node and npm those tests skip, saying why.
citeproc-js:
	@if command -v npm >/dev/null; then \
	  npm ci --prefix tests/js --no-audit --no-fund --silent \
	    || echo "Could not install citeproc-js: the citeproc-js tests will be skipped."; \
	else \
	  echo "npm not found: the citeproc-js tests will be skipped (apt-get install nodejs npm)."; \
	fi

# Make sure Chromium is there for the browser tests: install Debian's package when we can (root
# with apt-get). Never fails: without Chromium the browser tests skip, saying why.
chromium:
	@if [ -x "$(CHROMIUM)" ] || { [ -z "$(CHROMIUM_PATH)" ] && command -v chromium >/dev/null; }; then \
	  :; \
	elif [ -z "$(CHROMIUM_PATH)" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
	    || echo "Could not install chromium: the browser tests will be skipped."; \
	else \
	  echo "Chromium not found at $(CHROMIUM): the browser tests will be skipped" \
	    "(install Debian's chromium package, or set CHROMIUM_PATH)."; \
	fi

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed (set PYTHON=python3.11)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $(STAMP)

migrate: install
	mkdir -p var
	$(DEV) $(BIN)/python manage.py migrate --noinput

load: migrate
	$(DEV) $(BIN)/python manage.py load_archive --if-empty
	$(DEV) $(BIN)/python manage.py rebuild_search_index --verbosity 0

# Production-like server: gunicorn, DJANGO_DEBUG unset, hashed static files served by whitenoise.
# Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (the settings refuse to start without them,
# saying why); DATABASE_URL picks PostgreSQL. For a local try without TLS:
#   DJANGO_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_COOKIES=0 make serve
# PORT (default 8000) and WEB_CONCURRENCY (default 2 * cores + 1 workers) override the defaults.
.PHONY: serve
serve: install
	env -u DJANGO_DEBUG $(BIN)/python manage.py migrate --noinput
	env -u DJANGO_DEBUG $(BIN)/python manage.py load_archive --if-empty
	env -u DJANGO_DEBUG $(BIN)/python manage.py rebuild_search_index --verbosity 0
	env -u DJANGO_DEBUG $(BIN)/python manage.py collectstatic --noinput
	exec env -u DJANGO_DEBUG $(BIN)/gunicorn alliance.wsgi \
	  --bind 127.0.0.1:$(or $(PORT),8000) \
	  --workers $(or $(WEB_CONCURRENCY),$$((2 * $$(nproc) + 1))) \
	  --timeout 30 --graceful-timeout 30 --keep-alive 5 \
	  --access-logfile -

# Rewrite docs/screenshots/ from a real Chromium (look at them after changing templates or CSS).
screenshots: install
	UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser/test_screenshots.py -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var build *.egg-info tests/js/node_modules
