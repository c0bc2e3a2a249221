"""Reading a repository's history on this machine: ``git log`` run without a shell, streamed.

The command line calls :func:`read_repository` for a PATH that is a git repository (a folder with
``.git``, or a bare repository). git writes the history in the format of ``history_log`` and the
reader takes it a line at a time from the pipe, so a long history is never held whole.

The window: by default the year (365 days) before the repository's latest commit, so an old or
quiet repository still shows its last year of work; ``since`` (any date git understands:
``2025-01-01``, ``6 months ago``) and ``max_commits`` narrow it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import EvidenceError
from .history_log import LOG_ARGUMENTS, History, read_history

DEFAULT_DAYS = 365
_DAY = 86400


def is_repository(path: Path) -> bool:
    """A folder with ``.git`` (a folder, or a file for a worktree), or a bare repository, that git
    takes for one (a folder with a stray ``.git`` that git does not recognise is a plain folder)."""
    if not path.is_dir():
        return False
    if not (path / ".git").exists() and not (
        (path / "HEAD").is_file() and (path / "objects").is_dir() and (path / "refs").is_dir()
    ):
        return False
    process = _git(path, "rev-parse", "--git-dir")
    out, _ = process.communicate()
    if process.returncode != 0:
        return False
    found = (path / out.decode("utf-8", "replace").strip()).resolve()
    # the repository of this folder, not one around it (a worktree's .git file points elsewhere)
    return found in ((path / ".git").resolve(), path.resolve()) or (path / ".git").is_file()


def is_bare(path: Path) -> bool:
    return is_repository(path) and not (path / ".git").exists()


def _git(path: Path, *arguments: str) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(  # noqa: S603 (a fixed program and arguments, never a shell)
            ["git", "-C", str(path), *arguments],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
    except OSError as error:
        raise EvidenceError(
            str(path), f"is a git repository, but git could not be run to read its history ({error.strerror or error})"
        ) from None


def _failed(path: Path, process: subprocess.Popen[bytes]) -> EvidenceError:
    said = (process.stderr.read() if process.stderr else b"").decode("utf-8", "replace").strip()
    first = said.splitlines()[0] if said else f"exit status {process.returncode}"
    return EvidenceError(str(path), f"is a git repository, but git could not read its history: {first}")


def latest_commit_time(path: Path) -> int | None:
    """The unix time of the newest commit, or None for a repository without commits."""
    process = _git(path, "log", "-1", "--format=%ct")
    out, said = process.communicate()
    if process.returncode != 0:
        if b"does not have any commits" in said:
            return None
        first = said.decode("utf-8", "replace").strip().splitlines()[:1] or [f"exit status {process.returncode}"]
        raise EvidenceError(str(path), f"is a git repository, but git could not read its history: {first[0]}")
    text = out.decode().strip()
    return int(text) if text.isdigit() else None


def _repository(path: Path) -> str:
    name = path.resolve().name
    return name[:-4] if name.endswith(".git") and len(name) > 4 else name


def read_repository(path: Path, name: str, since: str | None = None, max_commits: int | None = None) -> History:
    """The history of the repository at ``path``, called ``name``, over the window (see above)."""
    since_time: int | None = None
    if since is None:
        latest = latest_commit_time(path)
        if latest is None:
            return History(name, _repository(path))
        since_time = latest - DEFAULT_DAYS * _DAY
        window = f"--since=@{since_time}"
    else:
        window = f"--since={since}"
    process = _git(path, *LOG_ARGUMENTS, window)
    assert process.stdout is not None
    try:
        history = read_history(name, process.stdout, since=since_time, max_commits=max_commits)
        history.repository = _repository(path)
    finally:
        if process.poll() is None:
            process.stdout.close()  # stops git early when max_commits was reached
            process.terminate()
        process.wait()
    if process.returncode not in (0, -15) and history.commits == 0:
        raise _failed(path, process)
    if process.stderr:
        process.stderr.close()
    return history
