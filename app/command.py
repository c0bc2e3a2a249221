"""The `splitcheck` command, installed with the package (pyproject.toml's `[project.scripts]`).

The offline commands are app/cli.py's, the same the flask command line runs; here they get the
app `factory.create_command_app` makes (no secret, no database) through Flask's `ScriptInfo`,
made only when a command runs, so `--help` loads nothing. `serve` starts gunicorn with the
project's gunicorn.conf.py, after checking what the web app needs (settings, migrations).
"""

from __future__ import annotations

import os
import sys
import traceback

import click
from flask import Flask, current_app
from flask.cli import ScriptInfo

from app import cli
from app.config import ConfigError, resource_folder

EXIT_CODES = cli.EXIT_CODES + "\n     (for serve: a missing setting, or a database that is not up to date)"


@click.group("splitcheck", epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="splitcheck", prog_name="splitcheck", message="%(prog)s %(version)s")
@click.pass_context
def commands(ctx: click.Context) -> None:
    """Splitcheck: are your microservices really independent, or a distributed monolith?

    Score an answers document, write its PDF report, read evidence from deployment files and
    traces, check a lens file, or serve the web app. Documents are described in docs/api.md.
    """
    if ctx.obj is None:
        ctx.obj = ScriptInfo(create_app=_command_app, set_debug_flag=False)


def _command_app() -> Flask:
    from app.factory import create_command_app

    return create_command_app()


for offline in cli.OFFLINE:
    commands.add_command(offline)


@commands.command(epilog=EXIT_CODES)
@click.option(
    "--bind", metavar="ADDRESS", help="Address to listen on, such as 0.0.0.0:8000 (default: BIND, or 127.0.0.1:8000)."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Worker processes (default: WEB_CONCURRENCY, or one per core and one more).",
)
@click.option("--migrate", is_flag=True, help="Bring the database up to date first (from one machine only).")
def serve(bind: str | None, workers: int | None, migrate: bool) -> None:
    """Serve the web app with gunicorn and the settings of gunicorn.conf.py.

    It needs the same settings as any deployment (docs/operations.md): SECRET_KEY in production,
    and DATABASE_URL unless SQLite in the instance folder will do. It says what is missing and
    exits 2 instead of starting without it.
    """
    import flask_migrate

    from app.factory import create_app

    try:
        app = create_app()
    except ConfigError as exc:
        raise cli.bad(f"Splitcheck cannot start: {exc}") from exc
    with app.app_context():
        if migrate:
            flask_migrate.upgrade()
        elif not _database_is_current():
            raise cli.bad(
                "Splitcheck cannot start: the database is not up to date with this version. Run "
                "`splitcheck serve --migrate` (on one machine), or `flask --app app.factory:create_app db upgrade`."
            )
    argv = [sys.executable, "-m", "gunicorn", "--config", str(resource_folder() / "gunicorn.conf.py")]
    argv += ["--bind", bind] if bind else []
    argv += ["--workers", str(workers)] if workers else []
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [*argv, "app.factory:create_app()"])


def _database_is_current() -> bool:
    """Whether the database has every migration of this version applied."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from app.extensions import db

    config = current_app.extensions["migrate"].migrate.get_config()
    with db.engine.connect() as connection:
        applied = set(MigrationContext.configure(connection).get_current_heads())
    return applied == set(ScriptDirectory.from_config(config).get_heads())


def main() -> None:
    """The console script: click's own exit codes (0, 2 for bad input), and 1 with a short
    sentence after the details for anything unexpected."""
    try:
        commands.main(prog_name="splitcheck")
    except Exception:
        traceback.print_exc()
        click.echo(
            "Splitcheck stopped on an unexpected error (a fault in Splitcheck, not in what you gave it); "
            "the details are above.",
            err=True,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
