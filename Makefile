# The two commands of the README:
#   make run    set everything up and serve http://127.0.0.1:8000 (SQLite)
#   make test   set everything up and run the whole test suite
.PHONY: run test setup-run setup-test lint lock bench messages translations

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

# The catalogues of the product's languages (app/translations/<language>/LC_MESSAGES/messages.po).
# `make messages` extracts every sentence marked for translation (_, _l, ngettext in Python;
# _() and {% trans %} in templates) into messages.pot and adds the new ones to each catalogue;
# `make translations` compiles the catalogues, as scripts/setup.sh does on every run.
# Folders starting with "_" are read too (templates/_macros); Babel skips them by default.
BABEL_KEYWORDS = -k _l -k lazy_gettext -k say
messages:
	.venv/bin/pybabel -q extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output --no-wrap \
	  --ignore-dirs ".* node_modules" \
	  --project Splitcheck -o app/translations/messages.pot .
	.venv/bin/pybabel -q update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching \
	  --ignore-obsolete --no-wrap

translations:
	.venv/bin/pybabel -q compile -d app/translations
