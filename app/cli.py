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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app import instrument as instruments
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


EXIT_CODES = """\b
Exit codes:
  0  done
  1  an unexpected error: a fault in Splitcheck (the details are printed)
  2  bad input: a file that is missing, unreadable or not valid, or a wrong option"""


def bad(message: str) -> click.exceptions.Exit:
    """Say what is wrong on standard error and exit 2, as click does for a wrong option."""
    click.echo(message, err=True)
    return click.exceptions.Exit(2)


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


@click.command("evidence", epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, readable=True))
@with_appcontext
def evidence(paths: tuple[str, ...]) -> None:
    """Print the evidence document for compose files, Kubernetes manifests or traces.

    Each PATH is a file, a folder (read with all its subfolders, .git and other dot-folders
    aside) or an archive (zip, tar, tar.gz). Several compose files merge in the order given,
    as `docker compose -f a -f b` does. Files in a folder or archive that are no evidence are
    listed in "inputs" as skipped, with the reason; a file named on its own must be evidence.
    On a terminal, a progress bar on standard error shows how far the reading has got.
    A folder that is a git repository also gives the history of its API contracts (OpenAPI and
    .proto files): each version compared with the one before.
    """
    from app.evidence import EvidenceError, Limits, analyse
    from app.evidence.archives import Input
    from app.evidence.contracts import ContractHistory
    from app.evidence.contracts.repository import contract_histories, is_repository
    from app.evidence.folders import read_folder

    limits = Limits(max_bytes=current_app.config["EVIDENCE_MAX_BYTES"])
    try:
        inputs: list[Input] = []
        histories: list[ContractHistory] = []
        for name in paths:
            path = Path(name)
            inputs += read_folder(path, limits, name) if path.is_dir() else [Input(path.name, path.read_bytes())]
            if path.is_dir() and is_repository(path):
                histories += contract_histories(path)
        with ProgressBar.on_terminal("Reading the files") as progress:
            document = analyse(inputs, limits=limits, progress=progress, contract_histories=histories)
    except EvidenceError as exc:
        raise bad(exc.message) from exc
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    skipped = sum(1 for entry in document["inputs"] if "skipped" in entry)
    if skipped:
        read = len(document["inputs"]) - skipped
        click.echo(
            f"Read {read} file{'' if read == 1 else 's'}; skipped {skipped} that "
            f"{'is' if skipped == 1 else 'are'} no evidence or could not be read "
            '(listed in "inputs" with the reason).',
            err=True,
        )


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


class ProgressBar:
    """A progress bar on standard error, drawn only while standard error is a terminal: piped
    into a file or another program, nothing is written. Called as `app.evidence`'s `progress`."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    @classmethod
    @contextmanager
    def on_terminal(cls, label: str) -> Iterator[ProgressBar | None]:
        if not sys.stderr.isatty():
            yield None
            return
        shown = cls(label)
        try:
            yield shown
        finally:
            if shown.bar is not None:
                shown.bar.render_finish()

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=max(total, 1), label=self.label, file=sys.stderr)
            self.bar.render_progress()
        self.bar.update(done - self.bar.pos)


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
    def reset_link(email: str) -> None:
        """Print a single-use password reset link, valid for one hour."""
        from app.consultants import accounts_admin, mail

        try:
            link = accounts_admin.reset_link(email)
        except LookupError as exc:
            raise bad(str(exc)) from exc
        click.echo(link)
        if mail.smtp_configured():
            try:
                mail.send_reset_link(email.strip().lower(), link)
            except OSError as exc:
                raise bad(f"The link above works, but e-mailing it failed: {exc}") from exc
            click.echo(f"Also sent to {email.strip().lower()}.", err=True)

    app.cli.add_command(users)
