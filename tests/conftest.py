"""Shared fixtures: an app with a fresh database per test, its client and CLI runner."""

from __future__ import annotations

import copy
import os

import pytest

os.environ.setdefault("SPLITCHECK_ENV", "test")

from app.extensions import db as _db  # noqa: E402
from app.factory import create_app  # noqa: E402

ANSWERS = {
    "instrument": "splitcheck/1",
    "team": {"name": "Checkout"},
    "context": {"engineers": 8, "teams": 1, "services": 12, "deploys_per_week": 2},
    "signs": {
        "deploy_coupling": "yes",
        "cascading_failure": "partly",
        "call_chains": "no",
        "shared_database": "yes",
        "local_testing": "unsure",
        "breaking_changes": "yes",
    },
    "candidates": [
        {
            "name": "Notifications",
            "domain_split": "domain",
            "owns_data": "yes",
            "deploy_alone": "yes",
            "survives_outages": "yes",
            "reasons": ["independent_scaling"],
        },
    ],
}


@pytest.fixture
def answers() -> dict:
    """A fresh copy of CONTRACT.md's example answers document."""
    return copy.deepcopy(ANSWERS)


DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")
SHARED_SERVER = not DATABASE_URL.startswith("sqlite")


def _make_app(tmp_path):
    return create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": DATABASE_URL,
            "PDF_CACHE_DIR": str(tmp_path / "pdf-cache"),
            "SERVER_NAME": "splitcheck.test",
            "PDF_PREPARE_AHEAD": False,  # tests of preparing PDFs ahead turn it on
        }
    )


@pytest.fixture(scope="session")
def _server_schema(tmp_path_factory):
    """On a database server, build the schema once; each test then starts from empty tables."""
    if not SHARED_SERVER:
        yield
        return
    app = _make_app(tmp_path_factory.mktemp("schema"))
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield
    with app.app_context():
        _db.drop_all()


@pytest.fixture
def app(tmp_path, _server_schema):
    app = _make_app(tmp_path)
    # Requests in tests push their own app context, as in production: holding
    # one open here would share `g` (and so CSRF tokens) between requests.
    with app.app_context():
        if not SHARED_SERVER:
            _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        if SHARED_SERVER:
            tables = ", ".join(t.name for t in _db.metadata.sorted_tables)
            _db.session.execute(_db.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            _db.session.commit()
        else:
            _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def csrf_app(app):
    """The same app with CSRF protection switched on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def openapi_checked(app):
    """Every test client of the app checks each API request and answer against the OpenAPI
    document (tests/openapi_checks.py). The API's tests use it: `pytest.mark.usefixtures`."""
    from tests.openapi_checks import OpenAPIChecked

    app.test_client_class = OpenAPIChecked
    return app


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def sql_statements(app):
    """`with sql_statements() as seen:` lists the SQL statements run inside the block."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def recording():
        seen: list[str] = []
        with app.app_context():
            engine = _db.engine

        def listener(conn, cursor, statement, *rest):
            seen.append(statement)

        event.listen(engine, "before_cursor_execute", listener)
        try:
            yield seen
        finally:
            event.remove(engine, "before_cursor_execute", listener)

    return recording


@pytest.fixture
def stored(app):
    """Reads an assessment straight from the database, as it is now."""
    from app.assessments.models import Assessment

    def read(public_id: str) -> Assessment:
        with app.app_context():
            row = _db.session.scalar(_db.select(Assessment).filter_by(public_id=public_id))
            _db.session.expunge_all()
            return row

    return read


@pytest.fixture
def count_rows(app):
    def count(model) -> int:
        with app.app_context():
            return _db.session.scalar(_db.select(_db.func.count()).select_from(model))

    return count


@pytest.fixture
def lens(tmp_path):
    """A question bank with a seventh sign and a sixth candidate question (tests/question_bank.py),
    installed for the test and taken away after it."""
    from app import instrument
    from tests.question_bank import LENS_ID, write_lens

    installed = instrument.load(write_lens(tmp_path))
    instrument.register(installed)
    yield installed
    instrument.unregister(LENS_ID)
