"""Load test: 100 people answering the questionnaire at once, with and without the PDF worker.

Two runs, each from a clean PostgreSQL database (`splitcheck_load`, created
here and dropped at the end) and, for run A, a flushed Redis database (14):

  A  "worker":     gunicorn (-c gunicorn.conf.py, WEB_CONCURRENCY=4) + PostgreSQL + Redis
                   + ONE PDF worker (`flask --app wsgi worker`): PDFs are queued.
  B  "in request": the same without REDIS_URL and without the worker: gunicorn renders
                   each PDF inside the request that asks for it.

Both run with SPLITCHECK_ENV=production, a random SECRET_KEY, PDF_STORE=database,
LOG_REQUESTS=0 and BIND on a free 127.0.0.1 port, after `flask --app wsgi db upgrade`,
once /readyz answers 200. Locust (headless, bench/locustfile.py) then simulates the
people: 100 users started at 10 a second, each answering the questionnaire once
(landing page, start, three steps with 0-2 candidates, result; 1 in 5 downloads the
PDF and polls the "Preparing your PDF" page every second until it is ready), with
3-6 s between pages (--think). The run ends when every user has finished, or after 90 s.

Printed for each run: the code measured (commit, changed files, a hash of what gunicorn
loads), requests/s, p50/p95/p99 per page (exact, nearest rank, from every sample), errors,
the PDF job wait (first request to the PDF: median/p95/max) and the worker's render time
per job, where the machine's CPU went while locust ran (gunicorn, PDF worker, PostgreSQL
backends, locust, everything else: the cores may be shared with other work), and a
PASS/FAIL line; then run A against run B for the p95 of every page other than the PDF.
Target (run A): p95 <= 300 ms on every non-PDF page, and 0 errors. Exit status 0 on
PASS, 1 on FAIL. Other settings (--think, --users, --worker-nice) are for diagnosis.

    .venv/bin/python bench/load.py [--users 100] [--spawn-rate 10] [--run-time 90] [--think 3,6]
                                   [--only A|B] [--worker-nice N] [--keep DIR]

Needs locust in the venv (`.venv/bin/pip install locust`), PostgreSQL at
127.0.0.1:5432 (user postgres, trust auth, database `test` to connect to) and
Redis at 127.0.0.1:6379. Sends traffic only to 127.0.0.1; stops everything it
started (only those processes, by their id). Takes about 2 minutes when every journey
ends early (the usual case), at most about 5.
"""
from __future__ import annotations

import argparse
import csv
import http.client
import json
import math
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
DB_NAME = "splitcheck_load"
DATABASE_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_DB = 14
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
TARGET_P95_MS = 300.0
PDF_PAGE = "/assessments/[id]/report.pdf"
# Variables of the caller's environment that would change what is measured.
OWN_VARIABLES = ("SPLITCHECK_ENV", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PDF_STORE", "PDF_CACHE_DIR",
                 "LOG_REQUESTS", "BIND", "WEB_CONCURRENCY", "WEB_THREADS", "WEB_TIMEOUT", "ACCESS_LOG",
                 "PROMETHEUS_MULTIPROC_DIR", "PUBLIC_URL", "METRICS_TOKEN", "SESSION_COOKIE_SECURE")

assert REDIS_DB not in (0, 15), "Redis databases 0 and 15 belong to others"


def machine_load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


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
    changed = [line[3:] for line in git("status", "--porcelain", "--untracked-files=all").splitlines()
               if not line[3:].startswith("bench/")]
    listed = ", ".join(changed[:6]) + (f" and {len(changed) - 6} more" if len(changed) > 6 else "")
    return (f"commit {git('rev-parse', '--short', 'HEAD')}, "
            + (f"{len(changed)} files changed outside bench/ ({listed})" if changed else "clean outside bench/")
            + f"; code hash {digest.hexdigest()[:12]}")


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
        self.process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

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
        found = re.findall(r"Successfully completed .* job in (\d+):(\d+):([\d.]+)s",
                           self.log_path.read_text(errors="replace"))
        return [int(h) * 3600 + int(m) * 60 + float(sec) for h, m, sec in found]

    def problems(self) -> list[str]:
        """Lines of its log that say something went wrong."""
        marks = ("Traceback", "[ERROR]", "WORKER TIMEOUT", "Exception", " failed", "CRITICAL")
        return [line for line in self.log_path.read_text(errors="replace").splitlines()
                if any(m in line for m in marks)]


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


# --- figures -----------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (the value below which p% of the samples fall)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class PageStats:
    name: str
    times: list[float] = field(default_factory=list)
    failures: int = 0

    @property
    def is_pdf(self) -> bool:
        return PDF_PAGE in self.name or self.name.startswith("PDF ")

    def p(self, q: float) -> float:
        return percentile(self.times, q) if self.times else float("nan")


@dataclass
class RunResult:
    label: str
    pages: dict[str, PageStats]
    requests: int
    failed_requests: int
    window_s: float
    peak_rps: float
    pdf_waits: list[float]
    journeys: dict
    gunicorn_cpu_s: float
    worker_cpu_s: float | None
    postgres_cpu_s: float
    locust_cpu_s: float
    machine_cpu_s: float
    locust_wall_s: float
    job_seconds: list[float]
    server_problems: list[str]
    locust_line: str
    load_before: str
    load_after: str
    code: str

    @property
    def rps(self) -> float:
        return self.requests / self.window_s if self.window_s else 0.0

    def non_pdf(self) -> list[PageStats]:
        return [s for s in self.pages.values() if not s.is_pdf]

    @property
    def errors(self) -> int:
        kinds = [f["kind"] for f in self.journeys["failures"]]
        # Failed requests are counted once; journeys add what no request shows (a PDF given up,
        # a journey cut off by the end of the run, an exception in the simulated browser).
        return self.failed_requests + sum(k in ("pdf_timeout", "unfinished", "exception") for k in kinds)

    def slow_pages(self) -> list[PageStats]:
        return [s for s in self.non_pdf() if s.p(95) > TARGET_P95_MS]

    @property
    def passed(self) -> bool:
        return not self.slow_pages() and self.errors == 0


def read_samples(path: Path) -> tuple[dict[str, PageStats], int, int, float, float, list[float], dict]:
    data = json.loads(path.read_text())
    pages: dict[str, PageStats] = {}
    starts, ends, waits = [], [], []
    requests = failed = 0
    for name, kind, start, ms, ok in data["samples"]:
        if kind == "PDF":  # the custom event: the wait for a PDF, not an HTTP request
            if ok:
                waits.append(ms)
            continue
        key = name if name.startswith(f"{kind} ") else f"{kind} {name}"
        stats = pages.setdefault(key, PageStats(key))
        stats.times.append(ms)
        stats.failures += not ok
        requests += 1
        failed += not ok
        starts.append(start)
        ends.append(start + ms / 1000)
    window = (max(ends) - min(starts)) if starts else 0.0
    peak = 0.0
    if starts:  # busiest 5-second window, by request start
        origin = min(starts)
        buckets: dict[int, int] = {}
        for s in starts:
            buckets[int((s - origin) // 5)] = buckets.get(int((s - origin) // 5), 0) + 1
        peak = max(buckets.values()) / 5
    return pages, requests, failed, window, peak, waits, data["journeys"]


def locust_summary(csv_prefix: Path) -> str:
    """Locust's own Aggregated row, as a cross-check of the exact figures."""
    try:
        with open(f"{csv_prefix}_stats.csv", newline="") as f:
            for row in csv.DictReader(f):
                if row["Name"] == "Aggregated":
                    return (f"locust's own aggregate (includes the PDF wait events): {row['Request Count']} "
                            f"requests, {row['Failure Count']} failures, {float(row['Requests/s']):.1f} req/s, "
                            f"p50 {row['50%']} ms, p95 {row['95%']} ms, p99 {row['99%']} ms")
    except OSError:
        pass
    return "locust's own statistics: none written"


# --- one run ---------------------------------------------------------------------------

def one_run(label: str, with_worker: bool, args: argparse.Namespace, work: Path) -> RunResult:
    print(f"\n=== Run {label}: {'gunicorn + PostgreSQL + Redis + one PDF worker' if with_worker else 'gunicorn + PostgreSQL, PDFs rendered in the request (no Redis)'} ===",
          flush=True)
    code = code_fingerprint()
    print(f"code: {code}", flush=True)
    recreate_database()
    flush_redis()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in OWN_VARIABLES}
    env.update({
        "SPLITCHECK_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": DATABASE_URL,
        "PDF_STORE": "database",
        "PDF_CACHE_DIR": str(work / f"pdf-cache-{label}"),  # unused with PDF_STORE=database; kept out of instance/
        "LOG_REQUESTS": "0",
        "BIND": f"{HOST}:{port}",
        "WEB_CONCURRENCY": str(args.web_concurrency),
        "PUBLIC_URL": f"http://{HOST}:{port}",
    })
    if with_worker:
        env["REDIS_URL"] = REDIS_URL
    subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=120)

    services: list[Service] = []
    try:
        gunicorn = Service("gunicorn", [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"], env,
                           work / f"gunicorn-{label}.log")
        services.append(gunicorn)
        worker = None
        if with_worker:
            niced = ["nice", "-n", str(args.worker_nice)] if args.worker_nice else []
            worker = Service("PDF worker", [*niced, str(VENV_BIN / "flask"), "--app", "wsgi", "worker"], env,
                             work / f"worker-{label}.log")
            services.append(worker)
        wait_ready(port, services)
        if worker is not None:
            time.sleep(1.0)  # the worker registers with Redis after its app has loaded
            if not worker.alive():
                raise RuntimeError(f"the PDF worker exited:\n{worker.tail()}")
        print(f"gunicorn pid {gunicorn.pid} on {HOST}:{port} ({args.web_concurrency} workers)"
              + (f", PDF worker pid {worker.pid}" + (f" (nice {args.worker_nice})" if args.worker_nice else "")
                 if worker else "") + f"; at start: {machine_load()}", flush=True)

        load_before = machine_load()
        cpu_g0 = cpu_seconds(gunicorn.pid)
        cpu_w0 = cpu_seconds(worker.pid) if worker else 0.0
        cpu_pg0, cpu_l0, cpu_m0 = postgres_seconds(), children_seconds(), machine_busy_seconds()
        samples = work / f"samples-{label}.json"
        csv_prefix = work / f"run{label}"
        locust_env = {**env, "BENCH_SAMPLES": str(samples), "BENCH_THINK": args.think}
        cmd = [str(VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
               "-u", str(args.users), "-r", str(args.spawn_rate), "--run-time", f"{args.run_time}s",
               "--stop-timeout", "5", "--host", f"http://{HOST}:{port}", "--csv", str(csv_prefix),
               "--only-summary", "--loglevel", "WARNING"]
        started = time.monotonic()
        with open(work / f"locust-{label}.log", "wb") as log:
            locust = subprocess.run(cmd, cwd=ROOT, env=locust_env, stdout=log, stderr=subprocess.STDOUT,
                                    timeout=args.run_time + 90)
        took = time.monotonic() - started
        cpu_g = cpu_seconds(gunicorn.pid) - cpu_g0
        cpu_w = cpu_seconds(worker.pid) - cpu_w0 if worker else None
        cpu_pg, cpu_l = postgres_seconds() - cpu_pg0, children_seconds() - cpu_l0
        cpu_m = machine_busy_seconds() - cpu_m0
        load_after = machine_load()
        if not samples.exists():
            raise RuntimeError(f"locust wrote no samples (exit {locust.returncode}):\n"
                               + (work / f"locust-{label}.log").read_text(errors="replace")[-3000:])
        print(f"locust finished in {took:.0f} s (exit status {locust.returncode})", flush=True)
    finally:
        for service in reversed(services):  # the worker first, then gunicorn
            service.stop()
    problems = [f"{s.name}: {line}" for s in services for line in s.problems()]
    jobs = worker.job_seconds() if worker is not None else []

    pages, requests, failed, window, peak, waits, journeys = read_samples(samples)
    return RunResult(label, pages, requests, failed, window, peak, waits, journeys, cpu_g, cpu_w, cpu_pg, cpu_l,
                     cpu_m, took, jobs, problems, locust_summary(csv_prefix), load_before, load_after, code)


# --- printing ---------------------------------------------------------------------------

def fmt(ms: float) -> str:
    return "-" if ms != ms else f"{ms:,.0f}"


def report(run: RunResult) -> None:
    j = run.journeys
    print(f"\nRun {run.label}: {run.requests} requests in {run.window_s:.1f} s = {run.rps:.1f} requests/s "
          f"(busiest 5 s: {run.peak_rps:.1f}/s); journeys completed {j['completed']}/{j['started']}")
    print(f"  machine: before {run.load_before}; after {run.load_after}")
    worker_cpu = run.worker_cpu_s or 0.0
    other = run.machine_cpu_s - run.gunicorn_cpu_s - worker_cpu - run.postgres_cpu_s - run.locust_cpu_s
    available = (os.cpu_count() or 1) * run.locust_wall_s
    print(f"  CPU while locust ran ({run.locust_wall_s:.0f} s x {os.cpu_count()} cores = {available:.0f} core-s): "
          f"machine busy {run.machine_cpu_s:.0f} s ({run.machine_cpu_s / available:.0%}) = gunicorn "
          f"{run.gunicorn_cpu_s:.1f} s ({run.gunicorn_cpu_s * 1000 / max(run.requests, 1):.1f} ms/request)"
          + (f" + PDF worker {worker_cpu:.1f} s" if run.worker_cpu_s is not None else "")
          + f" + PostgreSQL backends {run.postgres_cpu_s:.1f} s + locust {run.locust_cpu_s:.1f} s"
          f" + everything else on the machine {other:.1f} s")
    print(f"  {'page':46s} {'count':>6s} {'fail':>5s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} {'max ms':>8s}")
    order = ["GET /", "POST /start"] + [f"{m} /assessments/[id]/{s}" for s in ("context", "signs", "candidates")
                                        for m in ("GET", "POST")] + ["GET /assessments/[id]/result"]
    names = sorted(run.pages, key=lambda n: (order.index(n) if n in order else len(order), n))
    for name in names:
        s = run.pages[name]
        mark = "  (PDF)" if s.is_pdf else ("  > 300 ms" if s.p(95) > TARGET_P95_MS else "")
        print(f"  {name:46s} {len(s.times):6d} {s.failures:5d} {fmt(s.p(50)):>8s} {fmt(s.p(95)):>8s} "
              f"{fmt(s.p(99)):>8s} {fmt(max(s.times)):>8s}{mark}")
    pooled = [t for s in run.non_pdf() for t in s.times]
    if pooled:
        print(f"  {'all non-PDF pages together':46s} {len(pooled):6d} {sum(s.failures for s in run.non_pdf()):5d} "
              f"{fmt(percentile(pooled, 50)):>8s} {fmt(percentile(pooled, 95)):>8s} {fmt(percentile(pooled, 99)):>8s} "
              f"{fmt(max(pooled)):>8s}")
    if run.pdf_waits:
        print(f"  PDF job wait (first request to the PDF), {len(run.pdf_waits)} of {j['pdf_wanted']} PDFs: "
              f"median {fmt(percentile(run.pdf_waits, 50))} ms, p95 {fmt(percentile(run.pdf_waits, 95))} ms, "
              f"max {fmt(max(run.pdf_waits))} ms")
    else:
        print(f"  PDF job wait: no PDF received ({j['pdf_wanted']} asked for)")
    if run.job_seconds:
        jobs = [t * 1000 for t in run.job_seconds]
        print(f"  of which rendering, per job in the worker (rq's log), {len(jobs)} jobs: median {fmt(percentile(jobs, 50))} ms, "
              f"max {fmt(max(jobs))} ms, {sum(jobs) / 1000:.1f} s in all (one job at a time: the rest is queueing)")
    print(f"  errors: {run.errors} ({run.failed_requests} failed requests, {j['pdf_gave_up']} PDFs given up after 60 s, "
          f"{sum(f['kind'] == 'unfinished' for f in j['failures'])} journeys cut off by the end of the run, "
          f"{sum(f['kind'] == 'exception' for f in j['failures'])} client exceptions)")
    for failure in j["failures"][:10]:
        print(f"    - user {failure['user']}: {failure['kind']}: {failure['detail']}")
    if len(j["failures"]) > 10:
        print(f"    ... and {len(j['failures']) - 10} more")
    if run.server_problems:
        print(f"  server logs: {len(run.server_problems)} lines reporting problems, first ones:")
        for line in run.server_problems[:8]:
            print(f"    {line[:200]}")
    print(f"  {run.locust_line}")
    slow = ", ".join(f"{s.name} p95 {fmt(s.p(95))} ms" for s in run.slow_pages()) or "none"
    verdict = "PASS" if run.passed else "FAIL"
    what = "target" if run.label == "A" else "reference only, the target is for run A"
    print(f"  {verdict} ({what}): p95 <= {TARGET_P95_MS:.0f} ms on every non-PDF page (over: {slow}); "
          f"0 errors (got {run.errors})")


def compare(a: RunResult, b: RunResult) -> None:
    print("\n=== p95 of the non-PDF pages: A (PDF worker) vs B (PDFs rendered in the request) ===")
    print(f"  {'page':46s} {'A p95 ms':>9s} {'B p95 ms':>9s} {'B / A':>7s}")
    names = [n for n in a.pages if not a.pages[n].is_pdf] + [n for n in b.pages if n not in a.pages and not b.pages[n].is_pdf]
    for name in names:
        pa = a.pages[name].p(95) if name in a.pages else float("nan")
        pb = b.pages[name].p(95) if name in b.pages else float("nan")
        ratio = f"{pb / pa:.1f}x" if pa == pa and pb == pb and pa > 0 else "-"
        print(f"  {name:46s} {fmt(pa):>9s} {fmt(pb):>9s} {ratio:>7s}")
    pa = percentile([t for s in a.non_pdf() for t in s.times], 95)
    pb = percentile([t for s in b.non_pdf() for t in s.times], 95)
    print(f"  {'all non-PDF pages together':46s} {fmt(pa):>9s} {fmt(pb):>9s} {pb / pa:6.1f}x")
    print(f"  requests/s: A {a.rps:.1f}, B {b.rps:.1f}; errors: A {a.errors}, B {b.errors}; "
          f"PDF wait median: A {fmt(percentile(a.pdf_waits, 50)) if a.pdf_waits else '-'} ms, "
          f"B {fmt(percentile(b.pdf_waits, 50)) if b.pdf_waits else '-'} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", type=int, default=90, help="upper bound of each locust run, seconds")
    parser.add_argument("--web-concurrency", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--think", default="3,6", help="pause between pages, min,max seconds (people take a minute or more per page; 3-6 s is already ten times faster)")
    parser.add_argument("--only", choices=("A", "B"), help="one run only")
    parser.add_argument("--worker-nice", type=int, default=0, metavar="N",
                        help="run A's PDF worker under `nice -n N` (diagnostic: pages first when it shares the cores)")
    parser.add_argument("--keep", type=Path, help="copy the logs, locust CSVs and samples to this folder")
    args = parser.parse_args()
    if not (VENV_BIN / "locust").exists():
        print("locust is not installed in .venv: .venv/bin/pip install locust")
        return 2
    if not (1 <= args.users <= 500 and 1 <= args.run_time <= 300):
        print("--users must be 1-500 and --run-time 1-300 s: this benchmark stays bounded")
        return 2

    print(f"Splitcheck load test: {args.users} users (+{args.spawn_rate:g}/s), at most {args.run_time} s a run, "
          f"{args.think.replace(',', '-')} s between pages; at start: {machine_load()}")
    work = Path(tempfile.mkdtemp(prefix="splitcheck-load-"))
    runs: dict[str, RunResult] = {}
    try:
        for label, with_worker in (("A", True), ("B", False)):
            if args.only in (None, label):
                runs[label] = one_run(label, with_worker, args, work)
                report(runs[label])
    finally:
        try:
            drop_database()
        finally:
            flush_redis()
            if args.keep:
                shutil.copytree(work, args.keep, dirs_exist_ok=True)
                print(f"\nlogs, CSVs and samples copied to {args.keep}")
            shutil.rmtree(work, ignore_errors=True)
    if "A" in runs and "B" in runs:
        compare(runs["A"], runs["B"])
        if runs["A"].code.rsplit(" ", 1)[-1] != runs["B"].code.rsplit(" ", 1)[-1]:
            print("  WARNING: the code changed between run A and run B (different code hashes): "
                  "the comparison is not like for like; run again")
    decisive = runs.get("A") or runs.get("B")
    print(f"\n{'PASS' if decisive.passed else 'FAIL'} (run {decisive.label}): p95 of non-PDF pages <= "
          f"{TARGET_P95_MS:.0f} ms and 0 errors")
    return 0 if decisive.passed else 1


if __name__ == "__main__":
    sys.exit(main())
