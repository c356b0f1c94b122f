# chibo — `make demo` serves the demo, `make test` runs every test. Both set everything up.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
MSG_IGNORE := --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=media --ignore=docs

.PHONY: demo test setup system-packages lint format messages check bench clean

$(BIN)/activate: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(BIN)/activate

.env:
	cp .env.example .env

setup: $(BIN)/activate .env
	./scripts/install-system-packages.sh
	$(MANAGE) compilemessages -l vi $(MSG_IGNORE) -v0

demo: setup  ## serve the founding case on http://127.0.0.1:8000 (SQLite)
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) seed_demo
	@echo "Open http://127.0.0.1:8000/accounts/login/"
	$(MANAGE) runserver 127.0.0.1:8000

test: setup  ## every test, browser tests included (DATABASE_URL picks PostgreSQL)
	./scripts/install-system-packages.sh --browser
	$(BIN)/pytest $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages:  ## refresh the Vietnamese catalogue after changing strings
	$(MANAGE) makemessages -l vi $(MSG_IGNORE) --no-location --no-obsolete
	$(MANAGE) compilemessages -l vi $(MSG_IGNORE)

check:  ## migrations in step with models; production settings without warnings
	$(MANAGE) makemigrations --check --dry-run
	DEBUG=false SECRET_KEY=check-deploy-only-$$(printf '%050d' 0) ALLOWED_HOSTS=chibo.example \
		$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

bench: $(BIN)/activate  ## province-sized load on PostgreSQL under gunicorn; writes docs/performance.md
	$(PY) scripts/bench.py $(ARGS)
