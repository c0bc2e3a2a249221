"""The migrations build the schema from nothing, and it matches the models, on each database."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import links
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


def test_existing_share_links_get_a_snapshot_of_the_finished_answers(tmp_path, answers):
    """Links made before snapshots keep working: each shows its assessment's answers as they were
    finished; a link of an assessment being changed at the time gets one when next opened; a
    client's link follows its combined answers and gets none."""
    finished_at, changed_at = datetime(2026, 11, 2, 9, 30, tzinfo=UTC), datetime(2026, 11, 5, 16, 0, tzinfo=UTC)
    draft = {
        "context": {"team": "Checkout", **answers["context"]},
        "signs": answers["signs"],
        "notes": {"shared_database": "orders and billing"},
        "candidates": answers["candidates"],
    }
    teams = sa.table("teams", *(sa.column(c) for c in ("id", "public_id", "resume_token_hash", "kind", "created_at")))
    assessments = sa.table(
        "assessments",
        *(sa.column(c) for c in ("id", "public_id", "team_id", "instrument", "step", "created_at")),
        sa.column("draft", sa.JSON()),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("submitted_at", sa.DateTime(timezone=True)),
    )
    share_links = sa.table(
        "share_links", *(sa.column(c) for c in ("id", "assessment_id", "token_hash", "created_at", "views"))
    )
    with empty_database(tmp_path) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PDF_CACHE_DIR": str(tmp_path / "pdfs")})
        with app.app_context():
            upgrade(revision="0009")
            with db.engine.begin() as connection:
                for id_, kind in ((1, "team"), (2, "client")):
                    connection.execute(
                        teams.insert().values(
                            id=id_, public_id=f"t{id_}", resume_token_hash=f"h{id_}", kind=kind, created_at=finished_at
                        )
                    )
                for id_, team_id, submitted in ((1, 1, finished_at), (2, 1, None), (3, 2, finished_at)):
                    connection.execute(
                        assessments.insert().values(
                            id=id_, public_id=f"a{id_}", team_id=team_id, instrument="splitcheck/1", step="done",
                            draft=draft, created_at=finished_at, updated_at=changed_at, submitted_at=submitted,
                        )
                    )  # fmt: skip
                for id_, assessment_id in ((1, 1), (2, 1), (3, 2), (4, 3)):
                    connection.execute(
                        share_links.insert().values(
                            id=id_, assessment_id=assessment_id, token_hash=links.token_hash(f"token-{id_}"),
                            created_at=finished_at, views=0,
                        )
                    )  # fmt: skip
            upgrade()
            with db.engine.connect() as connection:
                rows = connection.execute(text("SELECT id, snapshot_id FROM share_links ORDER BY id")).all()
                snapshots = connection.execute(text("SELECT id, assessment_id FROM answers_snapshots")).all()
            assert len(snapshots) == 1 and snapshots[0][1] == 1
            assert [tuple(row) for row in rows] == [(1, snapshots[0][0]), (2, snapshots[0][0]), (3, None), (4, None)]
            db.engine.dispose()
        page = app.test_client().get("/s/token-1")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "Answers as submitted on 5 November 2026" in html and "orders and billing" in html
        assert app.test_client().get("/s/token-3").status_code == 404  # nothing finished to show yet
        with app.app_context():
            db.engine.dispose()
