"""What the load test starts and measures: its own PostgreSQL database and Redis db, the servers, CPU time.

Also the settings bench/load.py shares with these helpers: the repository's root, the address the
servers listen on, and the database and Redis database the test uses (those only).
"""

from __future__ import annotations

import http.client
import os
import re
import resource
import signal
import subprocess
import time
from pathlib import Path

from live_app import HOST, ROOT

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
DB_NAME = "splitcheck_load"
DATABASE_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_DB = 14
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"

assert REDIS_DB not in (0, 15), "Redis databases 0 and 15 belong to others"


def code_fingerprint() -> str:
    """Which code is measured: HEAD, the files changed in the working tree, and a hash of what gunicorn loads.

    Read-only git (no index refresh). The hash covers app/, templates/, static/, migrations/, wsgi.py and
    gunicorn.conf.py, so that a working tree edited between the two runs shows up as two different hashes.
    """
    import hashlib

    def git(*argv: str) -> str:
        result = subprocess.run(["git", "--no-optional-locks", *argv], cwd=ROOT, capture_output=True, text=True)
        return result.stdout.rstrip("\n") if result.returncode == 0 else "?"

    digest = hashlib.sha256()
    paths = [ROOT / "wsgi.py", ROOT / "gunicorn.conf.py"]
    for folder in ("app", "templates", "static", "migrations"):
        paths += sorted(p for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    changed = [
        line[3:]
        for line in git("status", "--porcelain", "--untracked-files=all").splitlines()
        if not line[3:].startswith("bench/")
    ]
    listed = ", ".join(changed[:6]) + (f" and {len(changed) - 6} more" if len(changed) > 6 else "")
    return (
        f"commit {git('rev-parse', '--short', 'HEAD')}, "
        + (f"{len(changed)} files changed outside bench/ ({listed})" if changed else "clean outside bench/")
        + f"; code hash {digest.hexdigest()[:12]}"
    )


# --- PostgreSQL and Redis: only our own database and our own Redis db ---------


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def drop_database() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def flush_redis() -> None:
    from redis import Redis

    Redis.from_url(REDIS_URL).flushdb()


# --- processes -------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """CPU time of a process, its live children and the children it reaped (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")

    def stat(p: int) -> list[str]:
        with open(f"/proc/{p}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()

    try:
        total = sum(int(v) for v in stat(pid)[11:15])  # utime, stime, cutime, cstime
    except OSError:
        return 0.0
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    for child in children.split():
        try:
            total += sum(int(v) for v in stat(int(child))[11:13])
        except (OSError, ValueError):
            pass  # exited between ps and here: counted in cutime once reaped
    return total / tick


def machine_busy_seconds() -> float:
    """CPU time used by everything on the machine so far (all cores), from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def postgres_seconds() -> float:
    """CPU time of the PostgreSQL backends connected to our database (alive now)."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                if DB_NAME.encode() not in f.read():
                    continue
            with open(f"/proc/{entry}/stat") as f:
                total += sum(int(v) for v in f.read().rsplit(")", 1)[1].split()[11:13])
        except OSError:
            pass
    return total / tick


def children_seconds() -> float:
    """CPU time of the child processes this script has waited for (locust, once it has ended)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Service:
    """A process we started (own session), stopped by its id: SIGTERM, then SIGKILL of its group."""

    def __init__(self, name: str, argv: list[str], env: dict, log: Path) -> None:
        self.name, self.log_path = name, log
        self._log = open(log, "wb")
        self.process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 35) -> None:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # the session we created for it, nothing else
                self.process.wait()
        self._log.close()

    def tail(self, lines: int = 15) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def job_seconds(self) -> list[float]:
        """How long each PDF job took in the worker, from rq's log ("... job in 0:00:01.234567s")."""
        found = re.findall(
            r"Successfully completed .* job in (\d+):(\d+):([\d.]+)s", self.log_path.read_text(errors="replace")
        )
        return [int(h) * 3600 + int(m) * 60 + float(sec) for h, m, sec in found]

    def problems(self) -> list[str]:
        """Lines of its log that say something went wrong."""
        marks = ("Traceback", "[ERROR]", "WORKER TIMEOUT", "Exception", " failed", "CRITICAL")
        return [
            line for line in self.log_path.read_text(errors="replace").splitlines() if any(m in line for m in marks)
        ]


def get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def wait_ready(port: int, services: list[Service], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for service in services:
            if not service.alive():
                raise RuntimeError(f"{service.name} exited ({service.process.returncode}):\n{service.tail()}")
        try:
            if get(port, "/readyz") == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"/readyz did not answer 200 within {timeout:.0f} s:\n{services[0].tail()}")
