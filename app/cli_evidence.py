"""The `evidence` command (`flask --app wsgi evidence`, `splitcheck evidence`): files, folders,
archives and git repositories in, the evidence document out."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli_exits import EXIT_CODES, bad


def _override(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    services = {}
    for value in values:
        folder, sep, name = value.partition("=")
        if not sep or not folder.strip("/ ") or not name.strip():
            raise click.BadParameter(f"{value!r} is not FOLDER=NAME, e.g. src/orders=orders")
        services[folder.strip().strip("/")] = name.strip()
    return services


@click.command("evidence", epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, readable=True))
@click.option("--since", help="Read history from this date on (any date git understands: 2025-01-01, '6 months ago').")
@click.option("--max-commits", type=click.IntRange(min=1), help="Read at most this many commits of each history.")
@click.option(
    "--window-hours",
    type=click.FloatRange(min=0, min_open=True, max=24 * 90),
    default=24.0,
    show_default=True,
    help="Across repositories, changes this close in time count as made together.",
)
@click.option(
    "--service",
    "services",
    multiple=True,
    callback=_override,
    metavar="FOLDER=NAME",
    help="Map a folder of a repository (or a whole repository, by its folder name) to a service. Repeatable.",
)
@with_appcontext
def evidence(
    paths: tuple[str, ...], since: str | None, max_commits: int | None, window_hours: float, services: dict[str, str]
) -> None:
    """Print the evidence document for compose files, Kubernetes manifests, traces or git histories.

    Each PATH is a file, a folder (read with all its subfolders, .git and other dot-folders
    aside), an archive (zip, tar, tar.gz) or a git repository. Several compose files merge in the
    order given, as `docker compose -f a -f b` does. Files in a folder or archive that are no
    evidence are listed in "inputs" as skipped, with the reason; a file named on its own must be
    evidence. On a terminal, a progress bar on standard error shows how far the reading has got.

    A PATH that is a git repository (a folder with .git, or a bare repository) also gives its
    history: `git log` is run on it (the year before its latest commit unless --since says
    otherwise) to measure which services change together. One repository holding several
    services is mapped folder by folder; several repositories are one service each. Its API
    contracts (OpenAPI and .proto files) are followed through that history too, each version
    compared with the one before.
    """
    from app.evidence import EvidenceError, Limits, analyse
    from app.evidence.archives import Input
    from app.evidence.contracts import ContractHistory
    from app.evidence.contracts.repository import contract_histories
    from app.evidence.folders import read_folder
    from app.evidence.history import HistoryOptions
    from app.evidence.history_git import is_bare, is_repository, read_repository

    limits = Limits(max_bytes=current_app.config["EVIDENCE_MAX_BYTES"])
    repositories = [name for name in paths if is_repository(Path(name))]
    if (since or max_commits) and not repositories:
        raise bad(
            "--since and --max-commits choose which history to read, but none of the paths is a git "
            "repository (a folder with .git, or a bare repository)."
        )
    try:
        inputs: list[Input] = []
        histories = []
        contracts: list[ContractHistory] = []
        for name in paths:
            path = Path(name)
            if name in repositories:
                histories.append(read_repository(path, name, since=since, max_commits=max_commits))
                if is_bare(path):
                    continue
                contracts += contract_histories(path, since)
            inputs += read_folder(path, limits, name) if path.is_dir() else [Input(path.name, path.read_bytes())]
        options = HistoryOptions(window=round(window_hours * 3600), services=services)
        with ProgressBar.on_terminal("Reading the files") as progress:
            document = analyse(
                inputs,
                limits=limits,
                progress=progress,
                histories=histories,
                history_options=options,
                contract_histories=contracts,
            )
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
