"""Benchmark: change coupling from 100,000 commits: time and peak memory.

Builds a synthetic monorepo with ``git fast-import`` in a temporary folder (20 services under
``services/<name>/``, a shared ``lib/`` and ``protos/``, docs; 1 to 4 files a commit, some services
usually changed together, a sweeping commit now and then, a merge every 200 commits), then, each
in a fresh child process so that peak memory is the child's own ``ru_maxrss``:

* **baseline**: ``git log`` with the documented arguments, its output read and thrown away (what
  git alone costs to write the history);
* **repository**: the command line's path, ``read_repository`` (git log streamed) then
  ``analyse`` with the history;
* **export**: the page's path, ``analyse`` of the text export (the same git log output, as a file).

The three alternate and the median is taken. Times are wall-clock seconds (git runs in its own
process); the CPU seconds of the child and of git are printed too.

    python bench/evidence_history.py [--commits 100000] [--runs 1]

Target: 100,000 commits read and measured within 30 s, within 300 MB peak, for both paths.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVICES = [f"svc{i:02d}" for i in range(20)]
COUPLED = {"svc00": "svc01", "svc02": "svc03", "svc04": "svc05"}  # usually changed together
START = 1_700_000_000
TARGET_SECONDS = 30
TARGET_MB = 300


def _files(rng: random.Random, number: int) -> list[str]:
    if number % 997 == 0:  # a sweeping commit: reformatting every service
        return [f"services/{s}/mod{m}/file{f}.py" for s in SERVICES for m in range(3) for f in range(4)]
    service = rng.choice(SERVICES)
    files = [f"services/{service}/mod{rng.randrange(10)}/file{rng.randrange(20)}.py"]
    if service in COUPLED and rng.random() < 0.8:
        files.append(f"services/{COUPLED[service]}/mod{rng.randrange(10)}/file{rng.randrange(20)}.py")
    roll = rng.random()
    if roll < 0.05:
        files.append(f"lib/common/util{rng.randrange(30)}.py")
    elif roll < 0.08:
        files.append("protos/shop.proto")
    elif roll < 0.10:
        files.append(f"docs/page{rng.randrange(50)}.md")
    elif roll < 0.12:
        files.append(f"services/{service}/package-lock.json")
    if rng.random() < 0.3:
        files.append(f"services/{service}/mod{rng.randrange(10)}/file{rng.randrange(20)}.py")
    return list(dict.fromkeys(files))


def build_repository(folder: Path, commits: int) -> None:
    """A repository of ``commits`` commits (merges included), written with git fast-import."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    rng = random.Random(commits)
    importer = subprocess.Popen(
        ["git", "-C", str(folder), "fast-import", "--quiet"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL
    )
    assert importer.stdin is not None
    write = importer.stdin.write
    mark = 0
    for number in range(commits):
        mark += 1
        when = START + number * 300
        message = f"change {number}".encode()
        head = f"commit refs/heads/main\nmark :{mark}\ncommitter Bench <bench@example.com> {when} +0000\n"
        write(head.encode() + b"data %d\n" % len(message) + message + b"\n")
        if mark > 1:
            write(b"from :%d\n" % (mark - 1))
        if number % 200 == 199:  # a merge of a side commit made on the previous one
            side = f"commit refs/heads/side\nmark :{mark + 1}\ncommitter Bench <bench@example.com> {when} +0000\n"
            write(b"M 100644 inline README.md\ndata 6\nmain.\n\n")
            write(side.encode() + b"data 4\nside\nfrom :%d\n" % (mark - 1))
            write(b"M 100644 inline services/svc09/side.py\ndata 5\nside\n\n")
            mark += 1
            merge = f"commit refs/heads/main\nmark :{mark + 1}\ncommitter Bench <bench@example.com> {when} +0000\n"
            write(merge.encode() + b"data 5\nmerge\nfrom :%d\nmerge :%d\n\n" % (mark - 1, mark))
            mark += 1
            continue
        for path in _files(rng, number):
            content = f"{number}\n".encode()
            write(b"M 100644 inline %s\ndata %d\n" % (path.encode(), len(content)) + content)
        write(b"\n")
    importer.stdin.close()
    if importer.wait() != 0:
        raise SystemExit("git fast-import failed")


def _load_core():
    """``app.evidence`` alone: the pure core, without the Flask app's package start-up."""
    package = types.ModuleType("app")
    package.__path__ = [str(ROOT / "app")]
    sys.modules.setdefault("app", package)
    import app.evidence as evidence
    from app.evidence import history_git, history_log

    return evidence, history_git, history_log


def child(mode: str, repository: str, export: str) -> None:
    evidence, history_git, history_log = _load_core()
    since = "2000-01-01"  # the whole synthetic history, however long ago it was made
    wall = time.perf_counter()
    if mode == "baseline":
        process = subprocess.Popen(
            ["git", "-C", repository, *history_log.LOG_ARGUMENTS, f"--since={since}"], stdout=subprocess.PIPE
        )
        assert process.stdout is not None
        lines = sum(1 for _ in process.stdout)
        process.wait()
        found = {"lines": lines}
    elif mode == "repository":
        history = history_git.read_repository(Path(repository), repository, since=since)
        document = evidence.analyse([], histories=[history])
        found = {"commits": document["history"]["commits"], "pairs": len(document["history"]["pairs"])}
    else:
        limits = evidence.Limits(max_bytes=1024**3)
        document = evidence.analyse([("history.txt", Path(export).read_bytes())], limits=limits)
        found = {"commits": document["history"]["commits"], "pairs": len(document["history"]["pairs"])}
    wall = time.perf_counter() - wall
    own = resource.getrusage(resource.RUSAGE_SELF)
    git = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "wall": wall,
                "cpu": own.ru_utime + own.ru_stime,
                "git_cpu": git.ru_utime + git.ru_stime,
                "peak_mb": own.ru_maxrss / 1024,
                **found,
            }
        )
    )


MODES = ("baseline", "repository", "export")


def measure(repository: Path, export: Path, runs: int) -> dict[str, dict]:
    rows: dict[str, list[dict]] = {mode: [] for mode in MODES}
    for _ in range(runs):
        for mode in MODES:
            done = subprocess.run(
                [sys.executable, __file__, "--child", mode, str(repository), str(export)],
                check=True,
                capture_output=True,
                text=True,
            )
            rows[mode].append(json.loads(done.stdout))
    return {
        mode: {
            **found[-1],
            "wall": statistics.median(r["wall"] for r in found),
            "peak_mb": max(r["peak_mb"] for r in found),
        }
        for mode, found in rows.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "REPOSITORY", "EXPORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    print(f"{args.commits:,} commits; load average {os.getloadavg()[0]:.1f}; median of {args.runs} run(s)", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        repository, export = Path(folder) / "shop", Path(folder) / "history.txt"
        started = time.perf_counter()
        build_repository(repository, args.commits)
        sys.path.insert(0, str(ROOT))
        _, _, history_log = _load_core()
        with export.open("wb") as out:
            subprocess.run(
                ["git", "-C", str(repository), *history_log.LOG_ARGUMENTS, "--since=2000-01-01"], stdout=out, check=True
            )
        print(
            f"built in {time.perf_counter() - started:.1f} s; export {export.stat().st_size / 1024**2:.1f} MB",
            flush=True,
        )
        measured = measure(repository, export, args.runs)
    base = measured["baseline"]
    print(f"{'path':>11} {'wall s':>7} {'x git log':>9} {'cpu s':>6} {'git cpu s':>9} {'peak MB':>8}  found")
    for mode in MODES:
        row = measured[mode]
        found = f"{row['commits']:,} commits, {row['pairs']} pairs" if "commits" in row else f"{row['lines']:,} lines"
        print(
            f"{mode:>11} {row['wall']:>7.2f} {row['wall'] / base['wall']:>9.2f} {row['cpu']:>6.2f} "
            f"{row['git_cpu']:>9.2f} {row['peak_mb']:>8.0f}  {found}"
        )
    print("(peaks include the interpreter; git's own memory is not in them)")
    ok = all(measured[m]["wall"] <= TARGET_SECONDS and measured[m]["peak_mb"] <= TARGET_MB for m in MODES[1:])
    print(
        f"{'PASS' if ok else 'FAIL'}: {args.commits:,} commits within {TARGET_SECONDS} s and {TARGET_MB} MB peak, "
        "from the repository and from the export"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
