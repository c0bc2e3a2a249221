"""Backups of the whole database, and restoring one.

SQLite: the online backup API (safe while the app runs). PostgreSQL:
pg_dump's custom format, restored with pg_restore. The database password
reaches pg_dump and pg_restore through their environment (PGPASSWORD), never
their command line, which every user of the machine can read. A backup is
created readable by its owner only (0600).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url


class BackupError(RuntimeError):
    pass


def _sqlite_path(url) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database can't be backed up")
    return Path(url.database)


def _libpq(url) -> tuple[str, dict[str, str]]:
    """The connection URL without its password, and the environment that carries the password."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    without_password = URL.create(
        "postgresql", username=url.username, host=url.host, port=url.port, database=url.database, query=url.query
    )
    return without_password.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)")
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or f"{command[0]} failed")


def _private_file(target: Path) -> None:
    """Create (or empty) `target` readable by its owner only, before anything is written to it."""
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.chmod(target, 0o600)


def backup(database_url: str, target: Path) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        source_path = _sqlite_path(url)
        _private_file(target)
        with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        copy.close()
    elif url.get_backend_name() == "postgresql":
        _private_file(target)
        conninfo, env = _libpq(url)
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", conninfo], env)
    else:
        raise BackupError(f"no backup method for {url.get_backend_name()}")


def restore(database_url: str, source: Path) -> None:
    """Replace the database's contents with the backup's."""
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        try:
            with sqlite3.connect(source) as backup_file:
                if backup_file.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError(f"{source}: not an intact SQLite database")
                with sqlite3.connect(_sqlite_path(url)) as live:
                    backup_file.backup(live)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source}: not a SQLite backup ({exc})") from exc
    elif url.get_backend_name() == "postgresql":
        conninfo, env = _libpq(url)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={conninfo}",
                str(source),
            ],
            env,
        )
    else:
        raise BackupError(f"no restore method for {url.get_backend_name()}")
