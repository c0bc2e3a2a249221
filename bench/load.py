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
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from live_app import free_port, machine_load
from load_results import TARGET_P95_MS, RunResult, compare, locust_summary, read_samples, report
from load_services import (
    DATABASE_URL,
    HOST,
    REDIS_URL,
    ROOT,
    Service,
    children_seconds,
    code_fingerprint,
    cpu_seconds,
    drop_database,
    flush_redis,
    machine_busy_seconds,
    postgres_seconds,
    recreate_database,
    wait_ready,
)

VENV_BIN = ROOT / ".venv" / "bin"
# Variables of the caller's environment that would change what is measured.
OWN_VARIABLES = (
    "SPLITCHECK_ENV",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "PDF_STORE",
    "PDF_CACHE_DIR",
    "LOG_REQUESTS",
    "BIND",
    "WEB_CONCURRENCY",
    "WEB_THREADS",
    "WEB_TIMEOUT",
    "ACCESS_LOG",
    "PROMETHEUS_MULTIPROC_DIR",
    "PUBLIC_URL",
    "METRICS_TOKEN",
    "SESSION_COOKIE_SECURE",
)


# --- one run ---------------------------------------------------------------------------


def one_run(label: str, with_worker: bool, args: argparse.Namespace, work: Path) -> RunResult:
    setup = (
        "gunicorn + PostgreSQL + Redis + one PDF worker"
        if with_worker
        else "gunicorn + PostgreSQL, PDFs rendered in the request (no Redis)"
    )
    print(f"\n=== Run {label}: {setup} ===", flush=True)
    code = code_fingerprint()
    print(f"code: {code}", flush=True)
    recreate_database()
    flush_redis()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in OWN_VARIABLES}
    env.update(
        {
            "SPLITCHECK_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": DATABASE_URL,
            "PDF_STORE": "database",
            "PDF_CACHE_DIR": str(work / f"pdf-cache-{label}"),  # unused with PDF_STORE=database; kept out of instance/
            "LOG_REQUESTS": "0",
            "BIND": f"{HOST}:{port}",
            "WEB_CONCURRENCY": str(args.web_concurrency),
            "PUBLIC_URL": f"http://{HOST}:{port}",
        }
    )
    if with_worker:
        env["REDIS_URL"] = REDIS_URL
    subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )

    services: list[Service] = []
    try:
        gunicorn = Service(
            "gunicorn",
            [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
            env,
            work / f"gunicorn-{label}.log",
        )
        services.append(gunicorn)
        worker = None
        if with_worker:
            niced = ["nice", "-n", str(args.worker_nice)] if args.worker_nice else []
            worker = Service(
                "PDF worker",
                [*niced, str(VENV_BIN / "flask"), "--app", "wsgi", "worker"],
                env,
                work / f"worker-{label}.log",
            )
            services.append(worker)
        wait_ready(port, services)
        if worker is not None:
            time.sleep(1.0)  # the worker registers with Redis after its app has loaded
            if not worker.alive():
                raise RuntimeError(f"the PDF worker exited:\n{worker.tail()}")
        print(
            f"gunicorn pid {gunicorn.pid} on {HOST}:{port} ({args.web_concurrency} workers)"
            + (
                f", PDF worker pid {worker.pid}" + (f" (nice {args.worker_nice})" if args.worker_nice else "")
                if worker
                else ""
            )
            + f"; at start: {machine_load()}",
            flush=True,
        )

        load_before = machine_load()
        cpu_g0 = cpu_seconds(gunicorn.pid)
        cpu_w0 = cpu_seconds(worker.pid) if worker else 0.0
        cpu_pg0, cpu_l0, cpu_m0 = postgres_seconds(), children_seconds(), machine_busy_seconds()
        samples = work / f"samples-{label}.json"
        csv_prefix = work / f"run{label}"
        locust_env = {**env, "BENCH_SAMPLES": str(samples), "BENCH_THINK": args.think}
        cmd = [
            str(VENV_BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "-u",
            str(args.users),
            "-r",
            str(args.spawn_rate),
            "--run-time",
            f"{args.run_time}s",
            "--stop-timeout",
            "5",
            "--host",
            f"http://{HOST}:{port}",
            "--csv",
            str(csv_prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        started = time.monotonic()
        with open(work / f"locust-{label}.log", "wb") as log:
            locust = subprocess.run(
                cmd, cwd=ROOT, env=locust_env, stdout=log, stderr=subprocess.STDOUT, timeout=args.run_time + 90
            )
        took = time.monotonic() - started
        cpu_g = cpu_seconds(gunicorn.pid) - cpu_g0
        cpu_w = cpu_seconds(worker.pid) - cpu_w0 if worker else None
        cpu_pg, cpu_l = postgres_seconds() - cpu_pg0, children_seconds() - cpu_l0
        cpu_m = machine_busy_seconds() - cpu_m0
        load_after = machine_load()
        if not samples.exists():
            raise RuntimeError(
                f"locust wrote no samples (exit {locust.returncode}):\n"
                + (work / f"locust-{label}.log").read_text(errors="replace")[-3000:]
            )
        print(f"locust finished in {took:.0f} s (exit status {locust.returncode})", flush=True)
    finally:
        for service in reversed(services):  # the worker first, then gunicorn
            service.stop()
    problems = [f"{s.name}: {line}" for s in services for line in s.problems()]
    jobs = worker.job_seconds() if worker is not None else []

    pages, requests, failed, window, peak, waits, journeys = read_samples(samples)
    return RunResult(
        label,
        pages,
        requests,
        failed,
        window,
        peak,
        waits,
        journeys,
        cpu_g,
        cpu_w,
        cpu_pg,
        cpu_l,
        cpu_m,
        took,
        jobs,
        problems,
        locust_summary(csv_prefix),
        load_before,
        load_after,
        code,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", type=int, default=90, help="upper bound of each locust run, seconds")
    parser.add_argument("--web-concurrency", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--think",
        default="3,6",
        help="pause between pages, min,max seconds (people take a minute or more per page; "
        "3-6 s is already ten times faster)",
    )
    parser.add_argument("--only", choices=("A", "B"), help="one run only")
    parser.add_argument(
        "--worker-nice",
        type=int,
        default=0,
        metavar="N",
        help="run A's PDF worker under `nice -n N` (diagnostic: pages first when it shares the cores)",
    )
    parser.add_argument("--keep", type=Path, help="copy the logs, locust CSVs and samples to this folder")
    args = parser.parse_args()
    if not (VENV_BIN / "locust").exists():
        print("locust is not installed in .venv: .venv/bin/pip install locust")
        return 2
    if not (1 <= args.users <= 500 and 1 <= args.run_time <= 300):
        print("--users must be 1-500 and --run-time 1-300 s: this benchmark stays bounded")
        return 2

    print(
        f"Splitcheck load test: {args.users} users (+{args.spawn_rate:g}/s), at most {args.run_time} s a run, "
        f"{args.think.replace(',', '-')} s between pages; at start: {machine_load()}"
    )
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
            print(
                "  WARNING: the code changed between run A and run B (different code hashes): "
                "the comparison is not like for like; run again"
            )
    decisive = runs.get("A") or runs.get("B")
    print(
        f"\n{'PASS' if decisive.passed else 'FAIL'} (run {decisive.label}): p95 of non-PDF pages <= "
        f"{TARGET_P95_MS:.0f} ms and 0 errors"
    )
    return 0 if decisive.passed else 1


if __name__ == "__main__":
    sys.exit(main())
