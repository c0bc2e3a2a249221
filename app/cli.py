"""Command line: the flask commands (`flask --app wsgi ...`).

The offline ones (`score`, `report`, `evidence`, `lens check`) are defined once here and run both
as flask commands, in the web app, and as `splitcheck` commands (app/command.py), in the app
`factory.create_command_app` makes: no secret, no database. They find their app through
`with_appcontext`, whichever command line started them.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app import instrument as instruments
from app.cli_evidence import evidence
from app.cli_exits import EXIT_CODES, bad
from app.language import DEFAULT_LANGUAGE, LANGUAGES
from app.scoring import AnswersInvalid, parse_answers, result_document


def _read_answers(file: TextIO):
    try:
        data: Any = json.load(file)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise bad(f"{file.name}: not a JSON document ({exc})") from exc
    try:
        return parse_answers(data, instruments.find)  # in the web app, its published lenses too
    except AnswersInvalid as exc:
        lines = "\n".join(f"  {e['field']}: {e['message']}" for e in exc.errors)
        raise bad(f"{file.name}: the answers are not valid:\n{lines}") from exc


def register(app: Flask) -> None:
    register_users(app)
    _register_database(app)
    _register_worker(app)
    # The offline commands, the same ones `splitcheck` runs (app/command.py).
    for command in OFFLINE:
        app.cli.add_command(command)


def _register_database(app: Flask) -> None:
    """Backing up, restoring and removing abandoned drafts."""

    @app.cli.command("backup")
    @click.argument("path", type=click.Path(dir_okay=False, writable=True))
    def backup_command(path: str) -> None:
        """Write a backup of the whole database to PATH (safe while the app runs)."""
        from pathlib import Path

        from app.backup import BackupError, backup

        try:
            backup(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(path))
        except BackupError as exc:
            raise bad(f"Backup failed: {exc}") from exc
        click.echo(f"Backed up to {path}", err=True)

    @app.cli.command("restore")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--yes", is_flag=True, help="Don't ask for confirmation.")
    def restore_command(path: str, yes: bool) -> None:
        """Replace everything in the database with the backup at PATH."""
        from pathlib import Path

        from app.backup import BackupError, restore
        from app.extensions import db

        if not yes:
            click.confirm("This replaces everything in the database with the backup. Go on?", abort=True)
        db.session.remove()
        db.engine.dispose()
        try:
            restore(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(path))
        except BackupError as exc:
            raise bad(f"Restore failed: {exc}") from exc
        click.echo(f"Restored from {path}", err=True)

    @app.cli.command("retention")
    @click.option(
        "--days",
        type=click.IntRange(min=1),
        default=lambda: int(os.environ.get("RETENTION_DAYS", 90)),
        show_default="90, or RETENTION_DAYS",
        help="Remove drafts untouched for this many days.",
    )
    def retention_command(days: int) -> None:
        """Remove abandoned drafts (never finished, untouched for DAYS days). Fit for cron."""
        from app.assessments.lifecycle import purge_abandoned_drafts

        removed = purge_abandoned_drafts(days)
        click.echo(f"Removed {removed} abandoned draft{'' if removed == 1 else 's'} older than {days} days.")


def _register_worker(app: Flask) -> None:
    @app.cli.command("worker")
    @click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
    def worker_command(burst: bool) -> None:
        """Render PDFs from the Redis queue (needs REDIS_URL)."""
        from rq import Worker

        from app.reports import queue
        from app.warmup import settle

        if not queue.enabled():
            raise bad("REDIS_URL is not set: without Redis, PDFs are rendered by the web processes.")
        settle(app)  # before rq forks a work horse for each job
        Worker(queue.queues(), connection=queue.connection()).work(burst=burst, with_scheduler=True)


@click.command("score", epilog=EXIT_CODES)
@click.argument("file", type=click.File("r", encoding="utf-8"))
@with_appcontext
def score(file: TextIO) -> None:
    """Print the result document for an answers document (FILE, or - for standard input)."""
    json.dump(result_document(_read_answers(file)), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


@click.command("report", epilog=EXIT_CODES)
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True), help="Where to write the PDF."
)
@with_appcontext
def report(file: TextIO, output: str) -> None:
    """Write the PDF report for an answers document (FILE, or - for standard input), the same
    PDF the browser offers."""
    from app.reports import document

    answers = _read_answers(file)
    how_url = current_app.config.get("PUBLIC_URL")
    made = document.build(
        answers, datetime.now(UTC), how_url=f"{how_url.rstrip('/')}/how-the-score-works" if how_url else None
    )
    pdf = document.render_pdf(made)
    try:
        with open(output, "wb") as out:
            out.write(pdf)
    except OSError as exc:
        raise bad(f"Could not write {output}: {exc.strerror or exc}") from exc
    click.echo(f"Wrote {output}", err=True)


@click.group("lens", help="Question banks (lenses) of a workspace's own.")
def lens() -> None:
    pass


@lens.command("check", epilog=EXIT_CODES)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def check_lens(file: str) -> None:
    """Check a lens file offline: every problem as FILE: KEY: PROBLEM (exit 2), or a summary."""
    try:
        found = instruments.load(Path(file))
    except instruments.InstrumentError as exc:
        raise bad("\n".join(exc.problems)) from exc
    click.echo(
        f"{file}: {found.id}, valid: {len(found.signs)} signs, {len(found.candidate_questions)} questions "
        f"about a candidate service, {len(found.recommendations)} recommendations."
    )


OFFLINE = (score, report, evidence, lens)


def register_users(app: Flask) -> None:
    users = AppGroup("users", help="Consultants' accounts.")

    @users.command("create")
    @click.argument("email")
    @click.option("--workspace", "workspace_name", help="Name of the new workspace (the consultancy).")
    @click.password_option(help="The password; asked for when not given.")
    def create_user(email: str, workspace_name: str | None, password: str) -> None:
        """Create the first account of a new workspace, as its owner."""
        from app.consultants import accounts_admin

        try:
            accounts_admin.create_owner(email, password, workspace_name or "My consultancy")
        except ValueError as exc:
            raise bad(str(exc)) from exc
        click.echo(f"Created {email.strip().lower()}, owner of workspace {workspace_name or 'My consultancy'}.")

    @users.command("reset-link")
    @click.argument("email")
    @click.option(
        "--language",
        type=click.Choice(sorted(LANGUAGES)),
        default=DEFAULT_LANGUAGE,
        show_default=True,
        help="The language of the e-mail, when one is sent.",
    )
    def reset_link(email: str, language: str) -> None:
        """Print a single-use password reset link, valid for one hour."""
        from app.consultants import accounts_admin, mail

        try:
            link = accounts_admin.reset_link(email)
        except LookupError as exc:
            raise bad(str(exc)) from exc
        click.echo(link)
        if mail.smtp_configured():
            try:
                mail.send_reset_link(email.strip().lower(), link, language)
            except OSError as exc:
                raise bad(f"The link above works, but e-mailing it failed: {exc}") from exc
            click.echo(f"Also sent to {email.strip().lower()}.", err=True)

    app.cli.add_command(users)
