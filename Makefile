# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install bench clean migration

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

## Create the venv, load the demo news site into instance/listengine.db and serve it (gunicorn).
run: $(STAMP)
	$(BIN)/listengine demo
	$(BIN)/listengine run --host 127.0.0.1 --port 5000

## Run the whole suite (SQLite always; PostgreSQL when LISTENGINE_TEST_POSTGRES_URL is set).
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/news_bench.py

clean:
	rm -rf $(VENV) instance *.egg-info

## Write a migration for model changes: make migration MESSAGE="add item recycle bin"
migration: $(STAMP)
	$(BIN)/python -c "import sys; from listengine import db, migrate; \
	migrate.revise(db.make_engine('sqlite:///instance/migration-check.db'), sys.argv[1])" "$(MESSAGE)"
