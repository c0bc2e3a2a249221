"""Hardening: spreadsheet cells, private files on disk, passwords off command lines, the compose file."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

import yaml
from sqlalchemy.engine import make_url

from app import backup
from app.factory import create_app
from app.spreadsheets import safe_cell

from .consulting import make_owner, new_client, sign_in

ROOT = Path(__file__).resolve().parents[2]


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_formula_starters_of_every_locale_are_neutralised():
    for hostile in (
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        ";cmd",
        "＝1+1",
        "＋1",
        "－1",
        "＠x",
        "；x",
        "|cmd",
        "\tx",
        "\rx",
        "\nx",
        "  =1+1",
    ):
        assert safe_cell(hostile).startswith("'"), hostile
    for plain in ("Acme Retail", "1 + 1", "", "   ", 12):
        assert safe_cell(plain) == plain


def test_csv_export_neutralises_a_full_width_formula(app):
    make_owner(app)
    consultant = app.test_client()
    sign_in(consultant)
    new_client(consultant, '＝HYPERLINK("http://evil")')
    rows = list(csv.DictReader(io.StringIO(consultant.get("/clients/export.csv").get_data(as_text=True))))
    assert rows[0]["client"].startswith("'＝")


def test_the_sqlite_database_and_pdf_store_are_created_private(tmp_path):
    old_umask = os.umask(0o022)
    try:
        database = tmp_path / "data" / "splitcheck.sqlite3"
        pdfs = tmp_path / "pdfs"
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "PDF_CACHE_DIR": str(pdfs)})
        assert _mode(database) == 0o600 and _mode(pdfs) == 0o700
        database.chmod(0o644)  # left readable by an earlier version
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "PDF_CACHE_DIR": str(pdfs)})
        assert _mode(database) == 0o600
    finally:
        os.umask(old_umask)


def test_a_stored_pdf_and_its_folder_are_private(tmp_path):
    from app.reports.pdf_store import DirectoryStore

    old_umask = os.umask(0o022)
    try:
        store = DirectoryStore(tmp_path)
        store.put(7, "k" * 64, b"%PDF-1.7")
        assert _mode(store.path(7, "k" * 64)) == 0o600 and _mode(store.path(7, "k" * 64).parent) == 0o700
    finally:
        os.umask(old_umask)


def test_a_sqlite_backup_is_readable_by_its_owner_only(tmp_path):
    import sqlite3

    source = tmp_path / "live.sqlite3"
    with sqlite3.connect(source) as db:
        db.execute("create table t (x)")
    old_umask = os.umask(0o022)
    try:
        backup.backup(f"sqlite:///{source}", tmp_path / "copy.backup")
    finally:
        os.umask(old_umask)
    assert _mode(tmp_path / "copy.backup") == 0o600


def test_the_postgresql_password_goes_through_the_environment(monkeypatch, tmp_path):
    seen = {}

    def run(command, env):
        seen["command"], seen["env"] = command, env

    monkeypatch.setattr(backup, "_run", run)
    url = "postgresql+psycopg://splitcheck:s3cret-pass@db.internal:5432/splitcheck"
    backup.backup(url, tmp_path / "out.backup")
    assert not any("s3cret-pass" in part for part in seen["command"])
    assert seen["env"]["PGPASSWORD"] == "s3cret-pass"
    assert make_url(seen["command"][-1]).password is None and "db.internal" in seen["command"][-1]
    assert _mode(tmp_path / "out.backup") == 0o600
    (tmp_path / "in.backup").write_bytes(b"x")
    backup.restore(url, tmp_path / "in.backup")
    assert not any("s3cret-pass" in part for part in seen["command"])
    assert seen["env"]["PGPASSWORD"] == "s3cret-pass"


def test_compose_publishes_gunicorn_on_the_loopback_only_and_has_no_default_password():
    text = (ROOT / "compose.yaml").read_text()
    compose = yaml.safe_load(text)
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)
    assert ":-splitcheck}" not in text and "${POSTGRES_PASSWORD:?" in text
