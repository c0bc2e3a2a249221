"""The migrations build the schema from nothing, and it matches the models, on each database."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.extensions import db
from app.factory import create_app
from tests.conftest import DATABASE_URL, SHARED_SERVER


@contextmanager
def empty_database(tmp_path):
    """A brand-new database of the kind the suite runs on."""
    if not SHARED_SERVER:
        yield f"sqlite:///{tmp_path}/migrated.sqlite3"
        return
    name = f"splitcheck_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_migrations_match_the_models(tmp_path):
    with empty_database(tmp_path) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                assert compare_metadata(context, db.metadata) == []
            downgrade(revision="base")
            upgrade()
            db.engine.dispose()
