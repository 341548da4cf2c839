# Two commands: `make run` serves the site with demo content, `make test` runs the suite.
# Both set everything up first, on a fresh machine with Python 3.11+ and make.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
EXTRAS := postgres,redis,production,test,browser

.PHONY: run test setup lint lock clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[$(EXTRAS)]"
	@touch $(STAMP)

setup: $(STAMP)

# One Daphne process for pages and sockets (no access log: it would keep visitors' addresses),
# with the task worker and the periodic scheduler beside it, started again if they stop and
# stopped with it (community/management/commands/serve.py).
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(PY) manage.py serve --port $(PORT)

# Tests run in parallel processes (pytest-xdist), one per core unless TEST_WORKERS says; each
# has its own test database and cache prefix. Most of a test's time is spent waiting on sockets,
# servers and browsers, so parallel processes keep the cores busy. Browser tests run in their
# own pytest run: their live server forks the test process, and their flush-and-restore of the
# database must not meet other tests' cached state.
TEST_WORKERS ?= auto
test: setup
	$(PY) -m pytest -n $(TEST_WORKERS) --ignore=tests/browser
	$(PY) -m pytest -n $(TEST_WORKERS) tests/browser

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

lock: setup
	@{ echo "# Pinned versions for reproducible installs. Regenerate with: make lock"; \
	  $(PY) -m pip freeze --exclude-editable --disable-pip-version-check; } > constraints.txt

clean:
	rm -rf $(VENV) .test-db.sqlite3* .test-media staticfiles
