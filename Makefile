# The two commands of the README:
#   make run    set everything up and serve http://127.0.0.1:8000 (SQLite)
#   make test   set everything up and run the whole test suite
.PHONY: run test setup-run setup-test lint lock bench

run: setup-run
	.venv/bin/gunicorn -c gunicorn.conf.py wsgi:app

test: setup-test
	.venv/bin/python -m pytest $(PYTEST_ARGS)

setup-run:
	scripts/setup.sh run

setup-test:
	scripts/setup.sh test

lint: setup-test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

# Pin every Python package, with hashes, from the ranges in pyproject.toml: requirements/run.txt for
# serving (scripts/setup.sh run, the Dockerfile), requirements/test.txt for the tests and `make lint`
# (the same versions plus the test and lint extras). Pins stay unless the ranges rule them out;
# `make lock LOCK_ARGS=--upgrade` moves everything to the newest allowed.
lock: LOCK_OPTIONS = --universal --python-version 3.11 --generate-hashes --quiet --custom-compile-command "make lock"
lock:
	test -x .venv/bin/python || python3 -m venv .venv
	.venv/bin/python -m pip install --quiet "uv==0.13.9"
	.venv/bin/uv pip compile pyproject.toml $(LOCK_OPTIONS) $(LOCK_ARGS) -o requirements/run.txt
	.venv/bin/uv pip compile pyproject.toml $(LOCK_OPTIONS) $(LOCK_ARGS) --extra test --extra lint \
	  -c requirements/run.txt -o requirements/test.txt
