"""Version-control history as Splitcheck reads it: the output of one documented ``git log``.

The one command (shown on the evidence page, run by the command line on a repository)::

    git -c core.quotePath=false log --no-renames --name-only --format="commit %H %ct %P" \
        --since="12 months ago"

Each commit is a header line ``commit <hash> <unix time> <parent hashes>``, then the paths it
changed, one a line (blank lines between commits are allowed). The reader is a generator over
lines, so a history of any length is read in one pass without being held whole.

Rules, the same for every way a history comes in:

* **Merge commits** (two or more parents) are not counted: ``git log --name-only`` lists no files
  for them, and the changes they bring are counted once, through the commits they merge.
* **Paths that are not the team's own code** are left out (``history_paths.ignored``): vendored
  and generated folders and code, dot-folders, lock files and binary files. A commit left with no
  path is not a change of the code.
* Paths are kept interned (each distinct path once, a commit as an array of numbers), so memory
  grows with the distinct paths and the number of changed files, not with the text.
"""

from __future__ import annotations

import io
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from app.language import _

from . import budget
from .errors import EvidenceError
from .history_paths import ignored

FORMAT = "git-history"
LOG_FORMAT = "commit %H %ct %P"
COMMAND = 'git -c core.quotePath=false log --no-renames --name-only --format="commit %H %ct %P" --since="12 months ago"'
LOG_ARGUMENTS = ("-c", "core.quotePath=false", "log", "--no-renames", "--name-only", f"--format={LOG_FORMAT}")
_HEADER = re.compile(rb"commit ([0-9a-f]{7,64}) (\d{1,12})((?: [0-9a-f]{7,64})*) ?\r?$")
_PLAIN_HEADER = re.compile(rb"commit [0-9a-f]{7,64}( \(.*\))?\r?$")


def not_this_format() -> str:
    return _(
        "looks like the output of git log, but not in the format Splitcheck reads (each commit a line "
        "'commit <hash> <time> <parents>', then its files); run: %(command)s",
        command=COMMAND,
    )


def recognises(data: bytes) -> bool:
    """Whether the text is a history in the documented format (its first line a commit header)."""
    first = data.lstrip()[:200].split(b"\n", 1)[0]
    return bool(_HEADER.match(first))


def looks_like_other_git_log(data: bytes) -> bool:
    """Plain ``git log`` output, whose commits carry no time Splitcheck can read."""
    first = data.lstrip()[:200].split(b"\n", 1)[0]
    return bool(_PLAIN_HEADER.match(first)) and not recognises(data)


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "r": "\r", "v": "\v"}


def _unquote(path: str) -> str:
    """A path git quoted C-style (``"d\\303\\251j\\303\\240.txt"``) as its own characters."""
    if not (len(path) >= 2 and path.startswith('"') and path.endswith('"')):
        return path
    out = bytearray()
    body, i = path[1:-1], 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567" and re.match(r"[0-7]{3}", body[i + 1 : i + 4]):
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            out += _ESCAPES.get(nxt, nxt).encode()
            i += 2
            continue
        out += char.encode()
        i += 1
    return out.decode("utf-8", "replace")


@dataclass(slots=True)
class History:
    """One repository's history, read: commits as (time, path numbers), the paths interned.

    ``name``: the repository (as given) or file it came from; ``repository``: its name.
    ``merges``: merge commits skipped.
    ``ignored``: changed paths left out (vendored, generated, lock, binary); ``empty``: commits
    left with no path once those were left out.
    """

    name: str
    repository: str | None = None  # the repository's own name, when read from the repository
    paths: list[str] = field(default_factory=list)
    times: array = field(default_factory=lambda: array("q"))
    starts: array = field(default_factory=lambda: array("I", [0]))
    changed: array = field(default_factory=lambda: array("I"))
    merges: int = 0
    ignored: int = 0
    empty: int = 0
    _numbers: dict[str, int] = field(default_factory=dict)

    @property
    def commits(self) -> int:
        return len(self.times)

    def commit_paths(self, index: int) -> array:
        return self.changed[self.starts[index] : self.starts[index + 1]]

    def add(self, time: int, files: list[str]) -> None:
        kept = [f for f in files if not ignored(f)]
        self.ignored += len(files) - len(kept)
        if not kept:
            self.empty += 1
            return
        numbers = self._numbers
        for path in dict.fromkeys(kept):
            number = numbers.get(path)
            if number is None:
                number = numbers[path] = len(self.paths)
                self.paths.append(path)
            self.changed.append(number)
        self.times.append(time)
        self.starts.append(len(self.changed))

    def span_days(self) -> int:
        if not self.times:
            return 0
        return max(1, round((max(self.times) - min(self.times)) / 86400))


def read_history(
    name: str, lines: Iterable[bytes] | bytes, since: int | None = None, max_commits: int | None = None
) -> History:
    """Read a history from its lines (bytes, as git writes them), in one pass.

    ``since``: commits older than this unix time are left out; ``max_commits``: at most this many
    commits (merges aside) are read, the newest first as git lists them. Raises
    :class:`EvidenceError` naming ``name`` for text that is not a history in the documented format.
    """
    history = History(name)
    time: int | None = None
    files: list[str] = []
    merge = False
    counted = 0
    for number, raw in enumerate(_lines(lines), start=1):
        line = raw.rstrip(b"\r\n")
        if not line:
            continue
        if line.startswith(b"commit "):
            header = _HEADER.match(line)
            if header is None:
                raise EvidenceError(
                    name,
                    _(
                        "line %(number)s is not a commit line of the format Splitcheck reads (each commit a line "
                        "'commit <hash> <time> <parents>', then its files); run: %(command)s",
                        number=number,
                        command=COMMAND,
                    ),
                )
            if time is not None:
                counted += _finish(history, time, files, merge, since)
                if counted % 4096 == 0:
                    budget.check()
                if max_commits is not None and counted >= max_commits:
                    return history
            time, files = int(header.group(2)), []
            merge = len(header.group(3).split()) > 1
        elif time is None:
            raise EvidenceError(
                name,
                _(
                    "does not start with a commit line of the format Splitcheck reads (each commit a line "
                    "'commit <hash> <time> <parents>', then its files); run: %(command)s",
                    command=COMMAND,
                ),
            )
        else:
            files.append(_unquote(line.decode("utf-8", "replace")))
    if time is not None:
        _finish(history, time, files, merge, since)
    return history


def _finish(history: History, time: int, files: list[str], merge: bool, since: int | None) -> int:
    if merge:
        history.merges += 1
        return 0
    if since is not None and time < since:
        return 0
    history.add(time, files)
    return 1


def _lines(chunks: Iterable[bytes] | bytes) -> Iterator[bytes]:
    """Lines of text given as lines, or as one block of bytes."""
    if isinstance(chunks, (bytes, bytearray)):
        yield from io.BytesIO(chunks)  # one line at a time, never a list of them all
        return
    yield from chunks
