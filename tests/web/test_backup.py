"""`flask --app wsgi backup PATH` and `restore PATH`: every row comes back."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.factory import create_app

from .consulting import make_owner, new_client, respond, sign_in
from .journey import complete, step_url
from .test_migrations import empty_database


def snapshot(app) -> dict[str, list]:
    with app.app_context():
        tables = {t.name: sorted(map(repr, db.session.execute(select(t)).all())) for t in db.metadata.sorted_tables}
        db.session.remove()
    return tables


def test_backup_and_restore_round_trip(tmp_path, answers):
    with empty_database(tmp_path) as url:
        app = create_app(
            {
                "TESTING": True,
                "WTF_CSRF_ENABLED": False,
                "SQLALCHEMY_DATABASE_URI": url,
                "PDF_STORE": "database",
                "SERVER_NAME": "splitcheck.test",
            }
        )
        with app.app_context():
            db.create_all()
        client = app.test_client()
        public_id = complete(client, answers, notes={"call_chains": "checkout calls five services"})
        client.post(step_url(public_id, "share"), data={"label": "board", "expiry": "30"})
        client.get(step_url(public_id, "report.pdf"))
        make_owner(app)
        consultant = app.test_client()
        sign_in(consultant)
        _, intake = new_client(consultant, "Acme Retail")
        respond(app, intake, "Maya", "Engineering lead", answers)
        before = snapshot(app)
        assert sum(len(rows) for rows in before.values()) > 10

        runner = app.test_cli_runner()
        backup_file = tmp_path / "splitcheck.backup"
        result = runner.invoke(args=["backup", str(backup_file)])
        assert result.exit_code == 0, result.output
        client.post(step_url(public_id, "delete"))
        complete(app.test_client(), answers)
        assert snapshot(app) != before

        result = runner.invoke(args=["restore", str(backup_file), "--yes"])
        assert result.exit_code == 0, result.output
        assert snapshot(app) == before
        assert client.get(step_url(public_id, "result")).status_code == 200
        with app.app_context():
            db.engine.dispose()


def test_restore_refuses_a_file_that_is_not_a_backup(runner, tmp_path):
    bogus = tmp_path / "bogus.backup"
    bogus.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code == 2 and "Restore failed" in result.stderr
