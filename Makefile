# The two commands of the README:
#   make run    set everything up and serve http://127.0.0.1:8000 (SQLite)
#   make test   set everything up and run the whole test suite
.PHONY: run test setup-run setup-test lint bench

run: setup-run
	.venv/bin/gunicorn -c gunicorn.conf.py wsgi:app

test: setup-test
	.venv/bin/python -m pytest $(PYTEST_ARGS)

setup-run:
	scripts/setup.sh run

setup-test:
	scripts/setup.sh test

lint: setup-test
	.venv/bin/python -m pip install --quiet -e ".[test,lint]"
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
