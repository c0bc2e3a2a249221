"""The versions of contract files in a git repository, read with git itself (no shell).

:func:`contract_paths` lists the OpenAPI and .proto files the repository holds now (its ``HEAD``);
:func:`versions_of` lists the commits that changed one of them, oldest first, with the file as it
was in each (``git log --format=... -- PATH`` and ``git show COMMIT:PATH``);
:func:`contract_histories` puts both together and compares each version with the one before
(``versions.breaks_over_history``). Merge commits are left out of the log (``--no-merges``): a
merge brings in a version another commit already made, so counting it would count that change
twice. Renames are not followed: a moved contract starts a new history.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

from .. import budget
from ..archives import walked
from ..errors import EvidenceError
from ..history_git import is_repository  # noqa: F401  (the one test of "is this a repository")
from .protobuf import looks_like_proto
from .versions import ContractHistory, breaks_over_history

SUFFIXES = (".proto", ".yaml", ".yml", ".json")
MAX_VERSIONS = 500  # versions of one file read (the latest ones)
MAX_FILES = 200  # contract files followed in one repository
_SNIFF = 4096
_SEP = "\x1f"


def _git(repo: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise EvidenceError(str(repo), f"git could not be run ({error})") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EvidenceError(
            str(repo), f"is not a git repository git can read ({message[-1] if message else 'git failed'})"
        )
    return done.stdout.decode("utf-8", "replace")


def _looks_like_contract(head: str) -> bool:
    if looks_like_proto(head):
        return True
    return ("openapi" in head or "swagger" in head) and ("paths" in head or "info" in head)


def contract_paths(repo: Path) -> list[str]:
    """The OpenAPI and .proto files in the repository's HEAD (vendored and dot-folders aside)."""
    found = []
    for path in _git(repo, "ls-files", "-z").split("\0"):
        if not path.endswith(SUFFIXES) or not walked(path) or "vendor/" in f"/{path}":
            continue
        try:
            with (repo / path).open("rb") as file:
                head = file.read(_SNIFF).decode("utf-8", "replace")
        except OSError:
            continue
        if path.endswith(".proto") or _looks_like_contract(head):
            found.append(path)
    return found[:MAX_FILES]


def _log(repo: Path, path: str, since: str | None) -> Iterator[tuple[str, str]]:
    args = ["log", "--no-merges", f"--format=%H{_SEP}%cI", f"--max-count={MAX_VERSIONS}"]
    if since:
        args.append(f"--since={since}")
    for line in _git(repo, *args, "--", path).splitlines():
        commit, _, date = line.partition(_SEP)
        if commit:
            yield commit, date


def versions_of(repo: Path, path: str, since: str | None = None) -> list[tuple[str, str, str]]:
    """``(commit, date, text)`` of each commit that changed ``path``, oldest first; a commit that
    deleted it is left out."""
    versions = []
    for commit, date in reversed(list(_log(repo, path, since))):
        budget.check()
        try:
            text = _git(repo, "show", f"{commit}:{path}")
        except EvidenceError:
            continue  # the commit deleted it
        versions.append((commit, date, text))
    return versions


def contract_histories(repo: Path, since: str | None = None) -> list[ContractHistory]:
    """Every contract file's history, each version compared with the one before it.

    ``since`` is a date git understands (``12 months ago``, ``2025-01-01``); None reads all of it.
    A file none of whose versions could be read as a contract is left out.
    """
    histories = []
    for path in contract_paths(repo):
        history = breaks_over_history(path, versions_of(repo, path, since))
        if history.steps or history.first_date:
            histories.append(history)
    return histories
